package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class MastodonPostTest extends NotifierServiceTest {

    private static final String TOKEN = "mastodon-token-" + UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPublicReleaseIsPostedOnceWithTheTokenAndTheEventIdAsIdempotencyKey() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String instance = "/mastodon-" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(instance + "/api/v1/statuses"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"110\"}")));
        String created = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/subscriptions").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel":"MASTODON","url":"%s%s","releaseIds":["%s"],"accessToken":"%s"}"""
                                .formatted(RECEIVER.baseUrl(), instance, releaseId, TOKEN)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.eventTypes[0]").value("StageReleased"))
                .andExpect(jsonPath("$.eventTypes[1]").value("ReviewPublished"))
                .andExpect(jsonPath("$.secret").doesNotExist())
                .andExpect(jsonPath("$.accessToken").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        String subscriptionId = readTree(created).get("id").asText();

        List<EventEnvelope> events = new ArrayList<>(GovernanceTopic.envelopes(storyOf(releaseId)));
        events.addAll(GovernanceTopic.envelopes(List.of(new StageReleased(releaseId, "762M", "GPT-2", 762_000_000L,
                Access.PARTNERS, "to research partners", Gpt2.CHAIR))));
        GovernanceTopic.publish(events);
        GovernanceTopic.publish(events.subList(5, 6));
        EventEnvelope publicRelease = events.get(5);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .extracting(delivery -> delivery.get("status").asText()).containsExactly("DELIVERED"));
        RECEIVER.verify(1, postRequestedFor(urlPathMatching(instance + "/.*")));
        RECEIVER.verify(postRequestedFor(urlEqualTo(instance + "/api/v1/statuses"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Idempotency-Key", equalTo(publicRelease.eventId().toString()))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"status":"GPT-2 117M released (PUBLIC): 117,000,000 parameters. published \
                        https://governance.example.org/feed.atom","visibility":"unlisted"}""")));

        GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(new ReviewPublished(releaseId, "117M", "review-1",
                "No misuse found in the first three months.", "https://reviews.example.org/gpt-2/117M",
                Gpt2.CHAIR))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .extracting(delivery -> delivery.get("eventType").asText() + " " + delivery.get("status").asText())
                .containsExactlyInAnyOrder("StageReleased DELIVERED", "ReviewPublished DELIVERED"));
        RECEIVER.verify(1, postRequestedFor(urlEqualTo(instance + "/api/v1/statuses"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"status":"Review of %s 117M published: No misuse found in the first three months. \
                        https://reviews.example.org/gpt-2/117M","visibility":"unlisted"}""".formatted(releaseId))));

        JsonNode shown = JSON.readTree(mvc.perform(get("/api/subscriptions/{id}", subscriptionId)
                        .header("Authorization", ADMIN))
                .andReturn().getResponse().getContentAsString());
        assertThat(shown.toString()).doesNotContain(TOKEN);
        byte[] stored = jdbc.sql("select access_token_ciphertext from subscription where id = ?::uuid")
                .param(subscriptionId).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
    }
}
