package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class WebhookDeliveryTest extends NotifierServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @Test
    void aSubscriberGetsOneSignedWebhookPerReleaseEvenWhenKafkaRedelivers() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/hooks/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        JsonNode subscription = subscribe(path, releaseId);

        List<EventEnvelope> story = GovernanceTopic.envelopes(storyOf(releaseId));
        GovernanceTopic.publish(story);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RECEIVER.verify(1, postRequestedFor(urlEqualTo(path))));

        LoggedRequest webhook = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(verifies(webhook, subscription.get("secret").asText())).as("signature").isTrue();
        JsonNode body = JSON.readTree(webhook.getBodyAsString());
        EventEnvelope released = story.get(5);
        assertThat(body.get("type").asText()).isEqualTo("StageReleased");
        assertThat(body.get("timestamp").asText()).isEqualTo(released.occurredAt().toString());
        assertThat(body.at("/data/eventId").asText()).isEqualTo(released.eventId().toString());
        assertThat(body.at("/data/releaseId").asText()).isEqualTo(releaseId);
        assertThat(body.at("/data/stageId").asText()).isEqualTo("117M");
        assertThat(body.at("/data/access").asText()).isEqualTo("PUBLIC");
        assertThat(body.at("/data/sequence").asLong()).isEqualTo(5);

        // the same records again, then one new release event as a marker that everything before it was consumed
        List<EventEnvelope> again = new ArrayList<>(story);
        EventEnvelope marker = GovernanceTopic.envelopes(List.of(new StageReleased(releaseId, "345M", "GPT-2",
                345_000_000L, Access.PUBLIC, "next", Gpt2.CHAIR))).get(0);
        again.add(marker);
        GovernanceTopic.publish(again);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RECEIVER.verify(2, postRequestedFor(urlEqualTo(path))));
        List<String> deliveredEventIds = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).stream()
                .map(request -> readTree(request.getBodyAsString()).at("/data/eventId").asText()).toList();
        assertThat(deliveredEventIds).containsExactly(released.eventId().toString(), marker.eventId().toString());
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameWebhookIdUntilItAccepts() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/flaky/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
        RECEIVER.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed twice"));
        RECEIVER.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();

        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode log = deliveryLog(subscriptionId);
            assertThat(log).hasSize(1);
            assertThat(log.get(0).get("status").asText()).isEqualTo("DELIVERED");
        });
        JsonNode delivery = deliveryLog(subscriptionId).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        List<Integer> codes = new ArrayList<>();
        delivery.get("attemptLog").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
        assertThat(codes).containsExactly(500, 500, 200);
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path))))
                .extracting(request -> request.getHeader("webhook-id"))
                .hasSize(3)
                .containsOnly(delivery.get("webhookId").asText());
    }

    private JsonNode subscribe(String path, String releaseId) throws Exception {
        String response = mvc.perform(MockMvcRequestBuilders.post("/api/subscriptions")
                        .header("Authorization", "Bearer demo-subscriber-admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel":"WEBHOOK","url":"%s%s","eventTypes":["StageReleased"],
                                 "releaseIds":["%s"]}""".formatted(RECEIVER.baseUrl(), path, releaseId)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(response);
    }

    private JsonNode deliveryLog(String subscriptionId) throws Exception {
        return JSON.readTree(mvc.perform(get("/api/deliveries").param("subscriptionId", subscriptionId)
                        .header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /** Standard Webhooks verification written from the specification, independent of our signer. */
    private static boolean verifies(LoggedRequest request, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return List.of(request.getHeader("webhook-signature").split(" ")).contains(expected);
    }

    private static List<GovernanceEvent> storyOf(String releaseId) {
        return List.of(
                new ReleaseRegistered(releaseId, "GPT-2", Gpt2.registered().policy(), Gpt2.CHAIR),
                withRelease(Gpt2.stage117MProposed(), releaseId),
                new VoteCast(releaseId, "117M", Gpt2.approves(Gpt2.MEMBER_2, "117M").vote(), "ok", Gpt2.MEMBER_2),
                new VoteCast(releaseId, "117M", Gpt2.approves(Gpt2.MEMBER_3, "117M").vote(), "ok", Gpt2.MEMBER_3),
                new StageApproved(releaseId, "117M", List.of(Gpt2.MEMBER_2, Gpt2.MEMBER_3), 2, Gpt2.MEMBER_3),
                new StageReleased(releaseId, "117M", "GPT-2", 117_000_000L,
                        Access.PUBLIC, "published", Gpt2.CHAIR));
    }

    private static StageProposed withRelease(StageProposed proposed, String releaseId) {
        return new StageProposed(releaseId, proposed.stageId(), proposed.parameters(), proposed.access(),
                proposed.rationale(), proposed.actor());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
