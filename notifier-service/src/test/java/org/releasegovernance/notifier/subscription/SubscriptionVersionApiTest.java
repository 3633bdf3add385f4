package org.releasegovernance.notifier.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An owner who sends back the ETag last read changes a subscription only if nobody (another owner or the notifier)
 * changed it since; otherwise 412 and nothing changes.
 */
class SubscriptionVersionApiTest extends NotifierServiceTest {

    private static final String VERSION_MISMATCH = "https://releasegovernance.org/problems/version-mismatch";
    private static final String WEBHOOK = """
            {"channel":"WEBHOOK","url":"https://hooks.example.org/versioned","eventTypes":["StageReleased"]}""";

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyAnswerCarriesTheVersionAsETagAndEachChangeRaisesIt() throws Exception {
        MockHttpServletResponse created = send(post("/api/subscriptions"), WEBHOOK)
                .andExpect(status().isCreated())
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.version").value(1))
                .andReturn().getResponse();
        String id = JSON.readTree(created.getContentAsString()).get("id").asText();
        read(id).andExpect(header().string("ETag", "\"1\"")).andExpect(jsonPath("$.version").value(1));

        send(patch("/api/subscriptions/{id}", id).header("If-Match", "\"1\""), "{\"status\":\"PAUSED\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"2\""))
                .andExpect(jsonPath("$.status").value("PAUSED"))
                .andExpect(jsonPath("$.version").value(2));
        send(patch("/api/subscriptions/{id}", id).header("If-Match", "\"2\""), "{\"status\":\"ACTIVE\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""));
        mvc.perform(post("/api/subscriptions/{id}/secret", id).header("Authorization", ADMIN)
                        .header("If-Match", "\"3\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""));
        read(id).andExpect(header().string("ETag", "\"4\"")).andExpect(jsonPath("$.status").value("ACTIVE"));
        mvc.perform(get("/api/subscriptions").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.id == '%s')].version", id).value(4));

        mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN).header("If-Match", "\"4\""))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(status().isNotFound());
    }

    @Test
    void aWriteWithAStaleETagIsRefusedWith412AndChangesNothing() throws Exception {
        String id = create();
        send(patch("/api/subscriptions/{id}", id), "{\"status\":\"PAUSED\"}")
                .andExpect(header().string("ETag", "\"2\""));
        byte[] secret = storedSecret(id);

        mismatch(send(patch("/api/subscriptions/{id}", id).header("If-Match", "\"1\""),
                "{\"status\":\"ACTIVE\",\"url\":\"https://hooks.example.org/stale\"}"))
                .andExpect(jsonPath("$.detail").value("Subscription " + id + " is at version 2, not 1 (If-Match); "
                        + "read it again and decide again."));
        mismatch(mvc.perform(post("/api/subscriptions/{id}/secret", id).header("Authorization", ADMIN)
                .header("If-Match", "\"1\"")));
        mismatch(mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN)
                .header("If-Match", "\"1\"")));

        read(id).andExpect(header().string("ETag", "\"2\""))
                .andExpect(jsonPath("$.status").value("PAUSED"))
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/versioned"))
                .andExpect(jsonPath("$.previousSecretValidUntil").value(nullValue()));
        assertThat(storedSecret(id)).isEqualTo(secret);
    }

    /** Only an ETag this API issues names a version: anything else cannot match one, so nothing changes. */
    @ParameterizedTest
    @ValueSource(strings = {"W/\"1\"", "1", "\"abc\"", "\"-1\"", "\"01\"", "\"1\", \"2\"", "\"1234567890123456789\"",
            "\"99999999999999999999\"", ""})
    void anIfMatchThatIsNoETagOfThisApiIsA412AndChangesNothing(String ifMatch) throws Exception {
        String id = create();
        mismatch(send(patch("/api/subscriptions/{id}", id).header("If-Match", ifMatch), "{\"status\":\"PAUSED\"}"));
        mismatch(mvc.perform(post("/api/subscriptions/{id}/secret", id).header("Authorization", ADMIN)
                .header("If-Match", ifMatch)));
        mismatch(mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN)
                .header("If-Match", ifMatch)));
        read(id).andExpect(header().string("ETag", "\"1\"")).andExpect(jsonPath("$.status").value("ACTIVE"));
    }

    @Test
    void anAsteriskMatchesWhateverTheVersionButNotAMissingSubscription() throws Exception {
        String id = create();
        send(patch("/api/subscriptions/{id}", id), "{\"status\":\"PAUSED\"}").andExpect(status().isOk());
        send(patch("/api/subscriptions/{id}", id).header("If-Match", "*"), "{\"status\":\"ACTIVE\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""));
        mvc.perform(post("/api/subscriptions/{id}/secret", id).header("Authorization", ADMIN).header("If-Match", "*"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""));
        mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN).header("If-Match", "*"))
                .andExpect(status().isNoContent());

        String unknown = UUID.randomUUID().toString();
        for (String ifMatch : List.of("*", "\"1\"")) {
            send(patch("/api/subscriptions/{id}", unknown).header("If-Match", ifMatch), "{\"status\":\"PAUSED\"}")
                    .andExpect(status().isNotFound());
            mvc.perform(delete("/api/subscriptions/{id}", unknown).header("Authorization", ADMIN)
                            .header("If-Match", ifMatch))
                    .andExpect(status().isNotFound());
        }
    }

    @Test
    void ofConcurrentWritesWithTheSameETagExactlyOneIsMade() throws Exception {
        String id = create();
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String body = "{\"url\":\"https://hooks.example.org/writer-" + writer + "\"}";
                answers.add(pool.submit(() -> {
                    start.await();
                    return send(patch("/api/subscriptions/{id}", id).header("If-Match", "\"1\""), body)
                            .andReturn().getResponse();
                }));
            }
            List<MockHttpServletResponse> made = new ArrayList<>();
            for (Future<MockHttpServletResponse> answer : answers) {
                MockHttpServletResponse response = answer.get();
                assertThat(response.getStatus()).isIn(200, 412);
                if (response.getStatus() == 200) {
                    made.add(response);
                }
            }
            assertThat(made).hasSize(1);
            JsonNode winner = JSON.readTree(made.get(0).getContentAsString());
            read(id).andExpect(header().string("ETag", "\"2\""))
                    .andExpect(jsonPath("$.url").value(winner.get("url").asText()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theNotifiersOwnChangesRaiseTheVersionSoAnOwnerDoesNotWriteOnAStateNeverSeen() throws Exception {
        String id = create();
        UUID subscription = UUID.fromString(id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        subscriptions.recordFailure(subscription, now, Duration.ofDays(1), "failing");
        read(id).andExpect(header().string("ETag", "\"2\"")).andExpect(jsonPath("$.failingSince").value(notNullValue()));
        subscriptions.recordSuccess(List.of(subscription));
        read(id).andExpect(header().string("ETag", "\"3\"")).andExpect(jsonPath("$.failingSince").value(nullValue()));

        assertThat(subscriptions.recordFailure(subscription, now, Duration.ZERO, "the endpoint kept failing"))
                .isTrue();
        String disabled = read(id).andExpect(jsonPath("$.status").value("DISABLED")).andReturn().getResponse()
                .getHeader("ETag");
        assertThat(disabled).isEqualTo("\"5\"");

        mismatch(send(patch("/api/subscriptions/{id}", id).header("If-Match", "\"3\""),
                "{\"url\":\"https://hooks.example.org/moved\"}"));
        read(id).andExpect(jsonPath("$.status").value("DISABLED"))
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/versioned"));
        send(patch("/api/subscriptions/{id}", id).header("If-Match", disabled), "{\"status\":\"ACTIVE\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"6\""))
                .andExpect(jsonPath("$.statusReason").value(nullValue()));
    }

    private ResultActions mismatch(ResultActions response) throws Exception {
        return response.andExpect(status().isPreconditionFailed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(VERSION_MISMATCH))
                .andExpect(jsonPath("$.status").value(412));
    }

    private ResultActions read(String id) throws Exception {
        return mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(status().isOk());
    }

    private String create() throws Exception {
        return JSON.readTree(send(post("/api/subscriptions"), WEBHOOK).andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString()).get("id").asText();
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private byte[] storedSecret(String id) {
        return jdbc.sql("select secret_ciphertext from subscription where id = ?::uuid").param(id)
                .query(byte[].class).single();
    }
}
