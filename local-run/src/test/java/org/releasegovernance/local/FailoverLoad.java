package org.releasegovernance.local;

import org.releasegovernance.local.Story.Decision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Committees playing release stories at every governance instance, as clients behind a load balancer would: each
 * decision carries an {@code Idempotency-Key}, and after a network error, a timeout, a 5xx or a 409
 * {@code idempotency-key-in-progress} the same request goes again with the same key to the next instance, with
 * back-off. The fault suite's load does the same against one instance; it cannot be reused here (fault-suite depends
 * on local-run, not the other way round).
 */
final class FailoverLoad implements AutoCloseable {

    enum Result { ACCEPTED, REFUSED_RETRY, REJECTED, GAVE_UP }

    /**
     * One decision a committee took.
     *
     * @param firstInstance the governance instance the first request went to
     * @param answeredAt    {@link System#nanoTime()} of the last answer
     */
    record Taken(String releaseId, Decision decision, Result result, int attempts, int status, String problem,
                 int firstInstance, long answeredAt) {
    }

    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final long THINK_TIME_MS = 25;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final IntFunction<String> governance;
    private final int instances;
    private final Queue<Taken> taken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> committees = new ArrayList<>();

    private FailoverLoad(IntFunction<String> governance, int instances) {
        this.governance = governance;
        this.instances = instances;
    }

    /**
     * @param governance the base URL of each governance instance
     * @param instances  how many there are
     */
    static FailoverLoad start(IntFunction<String> governance, int instances, String releasePrefix, int clients) {
        FailoverLoad load = new FailoverLoad(governance, instances);
        for (int c = 0; c < clients; c++) {
            String prefix = releasePrefix + "-c" + c + "-";
            int committee = c;
            Thread thread = new Thread(() -> load.playStories(prefix, committee), "committee-" + c);
            thread.setDaemon(true);
            load.committees.add(thread);
            thread.start();
        }
        return load;
    }

    /** Stops the load; decisions in flight finish their retries. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread committee : committees) {
            committee.join();
        }
    }

    List<Taken> taken() {
        return List.copyOf(taken);
    }

    private void playStories(String prefix, int committee) {
        try {
            int turn = committee;
            for (int n = 0; running.get(); n++) {
                String releaseId = prefix + n;
                List<Decision> story = Story.of(releaseId);
                for (int step = 0; step < story.size() && running.get(); step++) {
                    Taken decision = decide(releaseId, story.get(step), turn++ % instances);
                    taken.add(decision);
                    if (decision.result() != Result.ACCEPTED) {
                        break;
                    }
                    Thread.sleep(THINK_TIME_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Taken decide(String releaseId, Decision decision, int firstInstance) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long backoff = 200;
        int attempts = 0;
        while (true) {
            int instance = (firstInstance + attempts) % instances;
            attempts++;
            int status;
            String body;
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                URI.create(governance.apply(instance) + decision.path()))
                        .header("Authorization", "Bearer " + decision.token())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .timeout(REQUEST_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(decision.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
                body = answer.body();
            } catch (IOException e) {
                status = -1;
                body = null;
            }
            long now = System.nanoTime();
            String problem = problemType(status, body);
            if (status >= 200 && status < 300) {
                return new Taken(releaseId, decision, Result.ACCEPTED, attempts, status, null, firstInstance, now);
            }
            boolean retriable = status == -1 || status >= 500
                    || status == 409 && problem != null && problem.endsWith("idempotency-key-in-progress");
            if (!retriable) {
                return new Taken(releaseId, decision, attempts == 1 ? Result.REJECTED : Result.REFUSED_RETRY,
                        attempts, status, problem, firstInstance, now);
            }
            if (now + backoff * 1_000_000 > deadline) {
                return new Taken(releaseId, decision, Result.GAVE_UP, attempts, status, problem, firstInstance, now);
            }
            Thread.sleep(backoff);
            backoff = Math.min(2_000, backoff * 2);
        }
    }

    private static String problemType(int status, String body) {
        if (status < 400 || body == null) {
            return null;
        }
        Matcher type = PROBLEM_TYPE.matcher(body);
        return type.find() ? type.group(1) : null;
    }
}
