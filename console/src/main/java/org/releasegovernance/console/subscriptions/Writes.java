package org.releasegovernance.console.subscriptions;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;
import org.springframework.http.HttpHeaders;

import java.util.LinkedHashMap;
import java.util.Map;

/** What every write of these pages sends with it, and how a refused write answers the browser. */
final class Writes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Writes() {
    }

    /** The form's Idempotency-Key, so a second submit of the same page changes nothing twice. */
    static Map<String, String> headers(String idempotencyKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            headers.put(IDEMPOTENCY_KEY, idempotencyKey);
        }
        return headers;
    }

    /**
     * The Idempotency-Key and, as {@code If-Match}, the version of the subscription the person saw: the write is
     * refused (412) if anyone changed it since.
     */
    static Map<String, String> headers(String idempotencyKey, long version) {
        Map<String, String> headers = headers(idempotencyKey);
        headers.put(HttpHeaders.IF_MATCH, "\"" + version + "\"");
        return headers;
    }

    /**
     * The problem to show next to the form, with its HTTP status set on the page. A 401 is not the form's problem
     * but the session's: it goes on to the console's advice, which signs the person out.
     */
    static Problem refused(ApiRefusal refusal, HttpServletResponse response) {
        Problem problem = refusal.problem();
        if (problem.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            throw refusal;
        }
        response.setStatus(problem.pageStatus());
        return problem;
    }
}
