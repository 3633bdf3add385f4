package org.releasegovernance.faults;

import org.releasegovernance.bench.Http;
import org.releasegovernance.local.Story;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A committee client that does what the API asks of clients: every decision carries an {@code Idempotency-Key},
 * and after a network error, a 5xx or a 409 {@code idempotency-key-in-progress} it sends the same request with the
 * same key again, with back-off, until an answer or its time is up. With several governance instances it takes them
 * in turn, as a load balancer would, and sends each retry to the next one.
 */
final class RetryingClient {

    static final String IN_PROGRESS = "idempotency-key-in-progress";
    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** How a decision ended for the client. */
    enum Result {
        /** a 2xx, to the first request or to a retry */
        ACCEPTED,
        /** a retry answered with a 4xx other than "in progress": the API refused the client's own earlier write */
        REFUSED_RETRY,
        /** the first request answered with a 4xx: the story itself was refused */
        REJECTED,
        /** no final answer before the client's time was up */
        GAVE_UP
    }

    /**
     * @param result       how it ended
     * @param attempts     requests sent, all with the same key
     * @param status       the last answer's status (-1 for a network error)
     * @param problemType  the last answer's problem type, if any
     * @param answeredAt   {@link System#nanoTime()} of the last answer
     */
    record Outcome(Result result, int attempts, int status, String problemType, long answeredAt) {
    }

    private final Http http;
    private final List<String> baseUrls;
    private final Duration patience;
    private final AtomicInteger turn = new AtomicInteger();

    RetryingClient(Http http, String baseUrl, Duration patience) {
        this(http, List.of(baseUrl), patience);
    }

    /** @param baseUrls every governance instance's base URL */
    RetryingClient(Http http, List<String> baseUrls, Duration patience) {
        this.http = http;
        this.baseUrls = List.copyOf(baseUrls);
        this.patience = patience;
    }

    Outcome decide(Story.Decision decision) throws InterruptedException {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        int first = Math.floorMod(turn.getAndIncrement(), baseUrls.size());
        while (true) {
            String baseUrl = baseUrls.get((first + attempts) % baseUrls.size());
            attempts++;
            Http.Response answer = http.post(baseUrl + decision.path(), decision.token(), decision.body(), key,
                    REQUEST_TIMEOUT);
            long now = System.nanoTime();
            String problem = problemType(answer);
            if (answer.isSuccess()) {
                return new Outcome(Result.ACCEPTED, attempts, answer.status(), null, now);
            }
            if (!retriable(answer, problem)) {
                return new Outcome(attempts == 1 ? Result.REJECTED : Result.REFUSED_RETRY, attempts, answer.status(),
                        problem, now);
            }
            if (now + backoff * 1_000_000 > deadline) {
                return new Outcome(Result.GAVE_UP, attempts, answer.status(), problem, now);
            }
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    static boolean retriable(Http.Response answer, String problemType) {
        return answer.status() == -1 || answer.status() >= 500
                || answer.status() == 409 && problemType != null && problemType.endsWith(IN_PROGRESS);
    }

    static String problemType(Http.Response answer) {
        if (answer.status() < 400 || answer.body() == null) {
            return null;
        }
        Matcher type = PROBLEM_TYPE.matcher(answer.body());
        return type.find() ? type.group(1) : null;
    }
}
