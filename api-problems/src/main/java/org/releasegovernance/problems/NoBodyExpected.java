package org.releasegovernance.problems;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Arrays;

/**
 * An endpoint that reads no body refuses a request that carries one, instead of acting on the request and leaving
 * the body (which may not even be framed correctly) unread: what the API cannot carry, it refuses. Runs after the
 * role check, so a caller without the role learns only that.
 */
class NoBodyExpected implements HandlerInterceptor {

    private final ProblemWriter problems;

    NoBodyExpected(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the container's error page answering for a request that failed, body and all
        }
        if (!(handler instanceof HandlerMethod method) || !hasBody(request) || readsBody(method)) {
            return true;
        }
        problems.write(response, new Refusal(CommonProblems.MALFORMED_REQUEST,
                request.getMethod() + " " + request.getRequestURI() + " takes no request body; send none."),
                request.getRequestURI());
        return false;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean readsBody(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
    }
}
