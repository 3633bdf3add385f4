package org.releasegovernance.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;

/** RFC 9457 problem documents for requests refused before they reach a controller. */
final class ProblemResponses {

    static final URI UNAUTHENTICATED = URI.create(Problems.TYPE_BASE + "unauthenticated");
    static final URI FORBIDDEN = URI.create(Problems.TYPE_BASE + "forbidden");

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthenticated(ObjectMapper json) {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(json, response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED,
                    "A valid bearer token is required (Authorization: Bearer <token>).", request.getRequestURI());
        };
    }

    static AccessDeniedHandler forbidden(ObjectMapper json) {
        return (request, response, exception) -> write(json, response, HttpStatus.FORBIDDEN, FORBIDDEN,
                "Your roles do not allow this request.", request.getRequestURI());
    }

    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, URI type,
                              String detail, String instance) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setInstance(URI.create(instance));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
