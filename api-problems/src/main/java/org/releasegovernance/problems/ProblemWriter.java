package org.releasegovernance.problems;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Writes a problem document where no controller answers: servlet filters, security handlers, the error page. Uses
 * the API's own JSON settings, so these documents look like every other answer.
 */
public class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ProblemDetail problem, String path) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        if (problem.getInstance() == null) {
            problem.setInstance(instance(path));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request path as the problem's {@code instance}; none for a path that is not a valid URI reference. */
    static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return new URI(path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    public void write(HttpServletResponse response, ProblemType type, String detail, String path) throws IOException {
        write(response, Problems.of(type, detail), path);
    }

    public void write(HttpServletResponse response, Refusal refusal, String path) throws IOException {
        write(response, refusal.toProblem(), path);
    }
}
