package org.releasegovernance.notifier.subscription;

import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code Idempotency-Key} on the subscription writes: a client that resends a request after a lost answer gets the
 * first answer again (the same subscription, the same secret) and nothing new is created.
 */
class KeyedSubscriptionApiTest extends NotifierServiceTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";
    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRepeatedCreateReturnsTheFirstSubscriptionAndSecretAndCreatesNoOther() throws Exception {
        String url = uniqueUrl();
        String key = UUID.randomUUID().toString();
        MvcResult first = keyed(post("/api/subscriptions"), key, webhook(url))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist(REPLAYED))
                .andReturn();
        keyed(post("/api/subscriptions"), key, webhook(url))
                .andExpect(status().isCreated())
                .andExpect(header().string(REPLAYED, "true"))
                .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));

        assertThat(subscriptionsTo(url)).isEqualTo(1);
    }

    @Test
    void theStoredAnswerDoesNotShowTheSecret() throws Exception {
        String key = UUID.randomUUID().toString();
        String secret = readTree(keyed(post("/api/subscriptions"), key, webhook(uniqueUrl()))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("secret").asText();

        byte[] stored = jdbc.sql("select body from idempotent_request where idempotency_key = ?").param(key)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring("whsec_".length()), "\"secret\"");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        keyed(post("/api/subscriptions"), key, webhook(uniqueUrl())).andExpect(status().isCreated());
        String other = uniqueUrl();
        keyed(post("/api/subscriptions"), key, webhook(other))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-reused"));

        assertThat(subscriptionsTo(other)).isZero();
    }

    @Test
    void aBlankOrOverlongKeyIsRefusedAndCreatesNothing() throws Exception {
        String url = uniqueUrl();
        for (String key : new String[]{" ", "k".repeat(256)}) {
            keyed(post("/api/subscriptions"), key, webhook(url))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value(KEY));
        }
        assertThat(subscriptionsTo(url)).isZero();
    }

    @Test
    void badInputUnderAKeyKeepsNothingSoTheCorrectedRequestRunsUnderTheSameKey() throws Exception {
        String key = UUID.randomUUID().toString();
        long kept = keptAnswers();
        keyed(post("/api/subscriptions"), key, webhook("http://10.0.0.1/hook"))
                .andExpect(status().isBadRequest());
        assertThat(keptAnswers()).isEqualTo(kept);

        String url = uniqueUrl();
        keyed(post("/api/subscriptions"), key, webhook(url))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist(REPLAYED));
        assertThat(subscriptionsTo(url)).isEqualTo(1);
    }

    @Test
    void aRepeatedRotationReturnsTheFirstNewSecretAndRotatesOnce() throws Exception {
        String id = created(webhook(uniqueUrl()));
        String key = UUID.randomUUID().toString();
        MvcResult first = keyed(post("/api/subscriptions/{id}/secret", id), key, null)
                .andExpect(status().isOk())
                .andReturn();
        byte[] previous = previousSecret(id);
        keyed(post("/api/subscriptions/{id}/secret", id), key, null)
                .andExpect(status().isOk())
                .andExpect(header().string(REPLAYED, "true"))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));

        assertThat(previousSecret(id)).as("the secret that signs during the grace period").isEqualTo(previous);
    }

    @Test
    void aRuleRefusalIsTheFirstAnswerToo() throws Exception {
        String mastodon = created("""
                {"channel":"MASTODON","url":"https://example.org","accessToken":"token"}""");
        String key = UUID.randomUUID().toString();
        for (boolean replayed : new boolean[]{false, true}) {
            keyed(post("/api/subscriptions/{id}/secret", mastodon), key, null)
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "secret-rotation-webhook-only"))
                    .andExpect(replayed ? header().string(REPLAYED, "true") : header().doesNotExist(REPLAYED));
        }
    }

    @Test
    void aRepeatedDeleteGetsTheFirstAnswerNotNotFound() throws Exception {
        String id = created(webhook(uniqueUrl()));
        String key = UUID.randomUUID().toString();
        keyed(delete("/api/subscriptions/{id}", id), key, null)
                .andExpect(status().isNoContent())
                .andExpect(header().doesNotExist(REPLAYED));
        keyed(delete("/api/subscriptions/{id}", id), key, null)
                .andExpect(status().isNoContent())
                .andExpect(header().string(REPLAYED, "true"));
    }

    private ResultActions keyed(MockHttpServletRequestBuilder request, String key, String body) throws Exception {
        request.header("Authorization", ADMIN).header(KEY, key);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    private String created(String body) throws Exception {
        return readTree(mvc.perform(post("/api/subscriptions").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asText();
    }

    private static String webhook(String url) {
        return """
                {"channel":"WEBHOOK","url":"%s","eventTypes":["StageReleased"]}""".formatted(url);
    }

    private static String uniqueUrl() {
        return "https://hooks.example.org/keyed/" + UUID.randomUUID();
    }

    private long subscriptionsTo(String url) {
        return jdbc.sql("select count(*) from subscription where url = ?").param(url).query(Long.class).single();
    }

    private long keptAnswers() {
        return jdbc.sql("select count(*) from idempotent_request").query(Long.class).single();
    }

    private byte[] previousSecret(String id) {
        return jdbc.sql("select previous_secret_ciphertext from subscription where id = ?::uuid").param(id)
                .query(byte[].class).single();
    }
}
