package org.releasegovernance.security;

import org.releasegovernance.problems.CommonProblems;
import org.releasegovernance.problems.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Requests Spring Security refuses before they reach a controller, answered with problem documents. */
final class SecurityProblems {

    private SecurityProblems() {
    }

    static AuthenticationEntryPoint unauthenticated(ProblemWriter problems) {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(response, CommonProblems.UNAUTHENTICATED,
                    "A valid bearer token is required (Authorization: Bearer <token>).", request.getRequestURI());
        };
    }

    /** Refusals of method security; a request to a role-checked endpoint is refused earlier by {@link RoleCheck}. */
    static AccessDeniedHandler forbidden(ProblemWriter problems) {
        return (request, response, exception) -> problems.write(response, CommonProblems.FORBIDDEN,
                "Your roles do not allow this request.", request.getRequestURI());
    }

    /**
     * The firewall's refusals ({@code ..}, {@code ;}, an encoded {@code /}, CR or LF in the path, a header that is
     * not text). The detail is fixed: the refused input is not echoed.
     */
    static RequestRejectedHandler rejected(ProblemWriter problems) {
        return (request, response, exception) -> problems.write(response, CommonProblems.REQUEST_REJECTED,
                "The request was rejected: its path or headers hold characters or sequences this API does not "
                        + "accept, such as '..', ';', '//', an encoded '/', '\\\\', '%', CR, LF or NUL.", null);
    }
}
