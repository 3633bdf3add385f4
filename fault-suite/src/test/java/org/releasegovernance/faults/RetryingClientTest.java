package org.releasegovernance.faults;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.bench.Http;
import org.releasegovernance.local.Story;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The clients retry as the API asks them to, and a refused retry is told apart from a refused story. */
class RetryingClientTest {

    private static final String IN_PROGRESS = "{\"type\":\"https://releasegovernance.org/problems/"
            + "idempotency-key-in-progress\",\"status\":409}";
    private static final String ALREADY_PROPOSED = "{\"type\":\"https://releasegovernance.org/problems/"
            + "stage-already-proposed\",\"status\":409}";

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> keys = new ArrayList<>();
    private HttpServer api;

    private record Answer(int status, String body) {
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop(0);
        }
    }

    @Test
    void retriesWithTheSameKeyAfterA5xxAndInProgressUntilAccepted() throws Exception {
        RetryingClient client = clientAnswering(new Answer(503, "{}"), new Answer(409, IN_PROGRESS),
                new Answer(201, "{}"));

        RetryingClient.Outcome outcome = client.decide(Story.of("gpt-2").get(1));

        assertThat(outcome.result()).isEqualTo(RetryingClient.Result.ACCEPTED);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(keys).hasSize(3).doesNotContainNull().containsOnly(keys.get(0));
    }

    @Test
    void aRetryAnsweredWithAConflictIsARefusedRetry() throws Exception {
        RetryingClient client = clientAnswering(new Answer(500, "{}"), new Answer(409, ALREADY_PROPOSED));

        RetryingClient.Outcome outcome = client.decide(Story.of("gpt-2").get(1));

        assertThat(outcome.result()).isEqualTo(RetryingClient.Result.REFUSED_RETRY);
        assertThat(outcome.problemType()).endsWith("stage-already-proposed");
    }

    @Test
    void aFirstRequestAnsweredWithAConflictIsARejection() throws Exception {
        RetryingClient client = clientAnswering(new Answer(409, ALREADY_PROPOSED));

        assertThat(client.decide(Story.of("gpt-2").get(1)).result()).isEqualTo(RetryingClient.Result.REJECTED);
    }

    @Test
    void aClientGivesUpWhenItsPatienceRunsOut() throws Exception {
        Answer[] unavailable = new Answer[20];
        Arrays.fill(unavailable, new Answer(503, "{}"));
        RetryingClient client = clientAnswering(unavailable);

        assertThat(client.decide(Story.of("gpt-2").get(1)).result()).isEqualTo(RetryingClient.Result.GAVE_UP);
    }

    private RetryingClient clientAnswering(Answer... script) throws IOException {
        answers.addAll(List.of(script));
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        api.createContext("/", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            Answer answer = answers.isEmpty() ? new Answer(500, "{}") : answers.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        return new RetryingClient(new Http(), "http://127.0.0.1:" + api.getAddress().getPort(),
                Duration.ofSeconds(1));
    }
}
