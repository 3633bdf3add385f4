package org.releasegovernance.problems;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's answer to requests it refuses before any application code runs (an encoded {@code /}, {@code \} or NUL
 * in the path, a request line or header beyond the limits): a problem document instead of Tomcat's HTML page. Tomcat
 * creates this valve by class name, so it writes its small, fixed JSON by hand.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemType type = status == HttpStatus.BAD_REQUEST.value() ? CommonProblems.REQUEST_REJECTED
                : CommonProblems.forStatus(status);
        String detail = status >= 500 ? ProblemAdvice.UNEXPECTED
                : "The request was refused before it reached the API: its request line, path or headers are not "
                + "accepted (" + status + ").";
        String json = "{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was already under way: nothing more can be said to it
        }
    }
}
