package org.releasegovernance.problems;

import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.io.IOException;

/** A refused cross-origin request (no CORS configuration allows it) is answered with a 403 problem document. */
class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ProblemWriter problems;

    ProblemCorsProcessor(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        problems.write(((ServletServerHttpResponse) response).getServletResponse(), CommonProblems.FORBIDDEN,
                "This API does not answer cross-origin requests from browsers.", null);
    }
}
