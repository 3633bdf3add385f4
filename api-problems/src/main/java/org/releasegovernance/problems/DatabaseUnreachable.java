package org.releasegovernance.problems;

import org.springframework.http.ProblemDetail;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure whose cause is that the service's database could not be reached: no connection to be had, or the one in
 * use broke (SQLSTATE class 08, or 57P01-03: the server shutting down or starting). It is answered with 503 and
 * {@code Retry-After}, so a client sends the request again, with its {@code Idempotency-Key}, instead of taking a 500
 * for a final answer.
 */
final class DatabaseUnreachable {

    static final String RETRY_AFTER_SECONDS = "5";
    static final String DETAIL = "The service's database cannot be reached just now. Send the request again with "
            + "the same Idempotency-Key: it is carried out once, or its first answer is returned.";

    private DatabaseUnreachable() {
    }

    static boolean causedBy(Object failure) {
        for (Object cause = failure; cause instanceof Throwable throwable; cause = throwable.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail problem() {
        return Problems.of(CommonProblems.SERVICE_UNAVAILABLE, DETAIL);
    }
}
