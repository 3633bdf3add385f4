package org.releasegovernance.problems;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page: whatever failed outside Spring MVC (a filter, the servlet container) is answered with
 * a problem document too. The status comes from the failure; the detail never carries the exception's text. Asked
 * for directly, {@code /error} is a path like any unknown one: 404.
 */
@Hidden // the container's error page, not part of any API
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem;
        if (!(status instanceof Integer code)) {
            problem = Problems.of(CommonProblems.NOT_FOUND, "No resource at " + request.getRequestURI() + ".");
            path = request.getRequestURI();
        } else if (DatabaseUnreachable.causedBy(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
            problem = DatabaseUnreachable.problem();
            problem.setInstance(ProblemWriter.instance(path));
            return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnreachable.RETRY_AFTER_SECONDS).body(problem);
        } else {
            problem = problemOf(code, request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        problem.setInstance(ProblemWriter.instance(path));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ProblemDetail problemOf(int status, Object exception) {
        for (Object cause = exception; cause instanceof Throwable failure; cause = failure.getCause()) {
            if (failure instanceof Refusal refusal) {
                return refusal.toProblem();
            }
            if (failure instanceof BodyTooLarge tooLarge) {
                return tooLarge.refusal().toProblem();
            }
        }
        ProblemType type = CommonProblems.forStatus(status);
        HttpStatus resolved = HttpStatus.resolve(status);
        String detail = status >= 500 ? ProblemAdvice.UNEXPECTED
                : "The request was refused (" + status + (resolved != null ? " " + resolved.getReasonPhrase() : "")
                + ").";
        ProblemDetail problem = Problems.of(type, detail);
        problem.setStatus(status);
        return problem;
    }
}
