package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewReminder;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.releasegovernance.notifier.PlayedDns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.releasegovernance.notifier.StandardWebhooksReceiver.verifies;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class WebhookDeliveryTest extends NotifierServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSubscriberGetsOneSignedWebhookPerReleaseEvenWhenKafkaRedelivers() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/hooks/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        JsonNode subscription = subscribe(path, releaseId);

        List<EventEnvelope> story = GovernanceTopic.envelopes(storyOf(releaseId));
        GovernanceTopic.publish(story);
        await().atMost(PATIENCE).untilAsserted(() -> RECEIVER.verify(1, postRequestedFor(urlEqualTo(path))));

        LoggedRequest webhook = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(verifies(webhook, subscription.get("secret").asText())).as("reference library verifies").isTrue();
        JsonNode body = readTree(webhook.getBodyAsString());
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
        await().atMost(PATIENCE).untilAsserted(() -> RECEIVER.verify(2, postRequestedFor(urlEqualTo(path))));
        List<String> deliveredEventIds = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).stream()
                .map(request -> readTree(request.getBodyAsString()).at("/data/eventId").asText()).toList();
        assertThat(deliveredEventIds).containsExactly(released.eventId().toString(), marker.eventId().toString());
    }

    @Test
    void aWebhookSubscriberToReviewOverdueGetsItAndNothingElse() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/overdue/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        JsonNode subscription = subscribe(path, releaseId, "ReviewOverdue");
        Instant due = Instant.parse("2019-08-20T12:00:00Z");
        List<EventEnvelope> events = new ArrayList<>(GovernanceTopic.envelopes(storyOf(releaseId)));
        events.addAll(GovernanceTopic.envelopes(List.of(
                new ReviewReminder(releaseId, "117M", "review-1", "Six-month review", due, Gpt2.CHAIR),
                new ReviewOverdue(releaseId, "117M", "review-1", "Six-month review", due, Gpt2.CHAIR))));
        GovernanceTopic.publish(events);

        await().atMost(PATIENCE).untilAsserted(() -> RECEIVER.verify(1, postRequestedFor(urlEqualTo(path))));
        LoggedRequest webhook = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(verifies(webhook, subscription.get("secret").asText())).isTrue();
        JsonNode body = readTree(webhook.getBodyAsString());
        assertThat(body.get("type").asText()).isEqualTo("ReviewOverdue");
        assertThat(body.at("/data/eventId").asText()).isEqualTo(events.get(7).eventId().toString());
        assertThat(body.at("/data/title").asText()).isEqualTo("Six-month review");
        assertThat(body.at("/data/dueAt").asText()).isEqualTo("2019-08-20T12:00:00Z");
        assertThat(deliveryLog(subscription.get("id").asText())).extracting(delivery -> delivery.get("eventType")
                .asText()).containsExactly("ReviewOverdue");
    }

    @Test
    void aReceiverFailingThreeTimesGetsOneDeliveryAfterFourAttemptsWithOneWebhookId() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/flaky/" + releaseId;
        answerInTurn(path, aResponse().withStatus(500), aResponse().withStatus(503),
                aResponse().withStatus(429).withHeader("Retry-After", "1"), aResponse().withStatus(200));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();

        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        awaitOnlyDelivery(subscriptionId, "DELIVERED");
        JsonNode delivery = deliveryLog(subscriptionId).get(0);
        assertThat(deliveryLog(subscriptionId)).hasSize(1);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(statusCodes(delivery)).containsExactly(500, 503, 429, 200);
        JsonNode attempts = delivery.get("attemptLog");
        assertThat(Duration.between(Instant.parse(attempts.get(2).get("at").asText()),
                Instant.parse(attempts.get(3).get("at").asText())))
                .as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path))))
                .extracting(request -> request.getHeader("webhook-id"))
                .hasSize(4)
                .containsOnly(delivery.get("webhookId").asText());
    }

    @Test
    void aReceiverThatAlwaysFailsGetsADeadLetterWhichAManualRetryDeliversOnce() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/down/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(502)));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();
        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        awaitOnlyDelivery(subscriptionId, "DEAD");
        JsonNode dead = deliveryLog(subscriptionId).get(0);
        assertThat(statusCodes(dead)).containsExactly(502, 502, 502, 502);
        assertThat(dead.get("lastError").asText()).contains("HTTP 502", "dead letter after 4 attempts");

        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String id = dead.get("id").asText();
        String key = UUID.randomUUID().toString();
        String queued = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/deliveries/{id}/retry", id).header("Authorization", ADMIN)
                        .header("Idempotency-Key", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andReturn().getResponse().getContentAsString();
        // the admin's client lost the answer and sends the retry again: the first answer, no second queueing
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/deliveries/{id}/retry", id).header("Authorization", ADMIN)
                        .header("Idempotency-Key", key))
                .andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(content().json(queued, true));

        awaitOnlyDelivery(subscriptionId, "DELIVERED");
        assertThat(statusCodes(deliveryLog(subscriptionId).get(0))).containsExactly(502, 502, 502, 502, 200);
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(5);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/deliveries/{id}/retry", id).header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(
                        "https://releasegovernance.org/problems/only-dead-letters-are-retried"));
    }

    @Test
    void aClientErrorOtherThan408Or409Or429IsFinal() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/gone/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();
        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        awaitOnlyDelivery(subscriptionId, "DEAD");
        JsonNode delivery = deliveryLog(subscriptionId).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastError").asText()).contains("HTTP 410", "final");
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/moved/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", RECEIVER.baseUrl() + path + "/elsewhere")));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();
        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        awaitOnlyDelivery(subscriptionId, "DEAD");
        assertThat(statusCodes(deliveryLog(subscriptionId).get(0))).containsExactly(307, 307, 307, 307);
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path + "/elsewhere")))).isEmpty();
    }

    @Test
    void aHostThatNowResolvesToAnInternalAddressIsNotCalledAndItsDeliveryDiesWithTheReason() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String host = "rebound-" + UUID.randomUUID() + ".test";
        String path = "/rebound/" + releaseId;
        PlayedDns.answer(host, "93.184.215.14");
        String subscriptionId = JSON.readTree(mvc.perform(org.springframework.test.web.servlet.request
                        .MockMvcRequestBuilders.post("/api/subscriptions").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"channel":"WEBHOOK","url":"http://%s:%d%s","eventTypes":["StageReleased"],
                                 "releaseIds":["%s"]}""".formatted(host, RECEIVER.port(), path, releaseId)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asText();
        // the subscriber's DNS name re-pointed at the cloud metadata service since it subscribed
        PlayedDns.answer(host, "169.254.169.254");
        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        awaitOnlyDelivery(subscriptionId, "DEAD");
        JsonNode delivery = deliveryLog(subscriptionId).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.get("lastError").asText()).contains("refused by the SSRF guard", "169.254.169.254",
                "dead letter after 4 attempts");
        delivery.get("attemptLog").forEach(attempt -> {
            assertThat(attempt.get("statusCode").isNull()).isTrue();
            assertThat(attempt.get("error").asText()).contains("refused by the SSRF guard",
                    "169.254.0.0/16 (Link Local, RFC 3927)");
        });
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path)))).isEmpty();
    }

    @Test
    void deliveriesMayArriveOutOfOrderButCarryTheEventOrder() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/ordered/" + releaseId;
        answerInTurn(path, aResponse().withStatus(503), aResponse().withStatus(200));
        String subscriptionId = subscribe(path, releaseId, "StageProposed", "StageApproved", "StageReleased")
                .get("id").asText();
        List<EventEnvelope> story = GovernanceTopic.envelopes(storyOf(releaseId));
        GovernanceTopic.publish(story);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .extracting(delivery -> delivery.get("status").asText()).containsOnly("DELIVERED").hasSize(3));
        List<JsonNode> accepted = RECEIVER.getAllServeEvents().stream()
                .filter(served -> served.getRequest().getUrl().equals(path))
                .filter(served -> served.getResponse().getStatus() == 200)
                .map(served -> readTree(served.getRequest().getBodyAsString()))
                .toList();
        assertThat(accepted).hasSize(3);
        List<JsonNode> inEventOrder = accepted.stream()
                .sorted(Comparator.comparingLong(body -> body.at("/data/position").asLong())).toList();
        assertThat(inEventOrder).extracting(body -> body.get("type").asText())
                .containsExactly("StageProposed", "StageApproved", "StageReleased");
        assertThat(inEventOrder).extracting(body -> body.at("/data/sequence").asLong()).containsExactly(1L, 4L, 5L);
        assertThat(inEventOrder).extracting(body -> body.at("/data/eventId").asText()).containsExactly(
                story.get(1).eventId().toString(), story.get(4).eventId().toString(),
                story.get(5).eventId().toString());
    }

    @Test
    void afterARotationWebhooksAreSignedWithTheNewAndTheOldSecret() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/rotating/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        JsonNode subscription = subscribe(path, releaseId);
        String oldSecret = subscription.get("secret").asText();
        JsonNode rotated = JSON.readTree(mvc.perform(org.springframework.test.web.servlet.request
                        .MockMvcRequestBuilders.post("/api/subscriptions/{id}/secret", subscription.get("id").asText())
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Instant.parse(rotated.get("previousSecretValidUntil").asText())).isAfter(Instant.now());

        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));
        await().atMost(PATIENCE).untilAsserted(() -> RECEIVER.verify(1, postRequestedFor(urlEqualTo(path))));

        LoggedRequest webhook = RECEIVER.findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(webhook.getHeader("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(verifies(webhook, newSecret)).as("verifies with the new secret").isTrue();
        assertThat(verifies(webhook, oldSecret)).as("verifies with the old secret").isTrue();
    }

    @Test
    void aPausedSubscriptionKeepsItsDeliveriesUntilResumed() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/paused/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();
        change(subscriptionId, "{\"status\":\"PAUSED\"}").andExpect(jsonPath("$.status").value("PAUSED"));

        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId)).hasSize(1));
        assertThat(deliveryLog(subscriptionId).get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path)))).isEmpty();

        change(subscriptionId, "{\"status\":\"ACTIVE\"}").andExpect(jsonPath("$.status").value("ACTIVE"));
        await().atMost(PATIENCE).untilAsserted(() -> RECEIVER.verify(1, postRequestedFor(urlEqualTo(path))));
    }

    @Test
    void anEndpointFailingForTooLongIsDisabledAndItsOwnerSeesWhy() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String path = "/broken/" + releaseId;
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
        String subscriptionId = subscribe(path, releaseId).get("id").asText();
        // as if every attempt had failed for the last six days (the default threshold is five)
        jdbc.sql("update subscription set failing_since = now() - interval '6 days' where id = ?::uuid")
                .param(subscriptionId).update();

        GovernanceTopic.publish(GovernanceTopic.envelopes(storyOf(releaseId)));

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(subscription(subscriptionId).get("status").asText()).isEqualTo("DISABLED"));
        JsonNode disabled = subscription(subscriptionId);
        assertThat(disabled.get("statusReason").asText()).contains("failed for more than", "HTTP 500");
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(1);
        assertThat(deliveryLog(subscriptionId).get(0).get("status").asText()).isEqualTo("PENDING");

        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        change(subscriptionId, "{\"status\":\"ACTIVE\"}")
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.statusReason").doesNotExist());
        awaitOnlyDelivery(subscriptionId, "DELIVERED");
    }

    private void awaitOnlyDelivery(String subscriptionId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .hasSize(1)
                .extracting(delivery -> delivery.get("status").asText()).containsExactly(status));
    }

    private org.springframework.test.web.servlet.ResultActions change(String subscriptionId, String body)
            throws Exception {
        return mvc.perform(patch("/api/subscriptions/{id}", subscriptionId).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());
    }

    /** The receiver answers each request with the next response, the last one from then on. */
    private static void answerInTurn(String path,
                                     com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "answer " + (i + 1);
            RECEIVER.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static List<Integer> statusCodes(JsonNode delivery) {
        List<Integer> codes = new ArrayList<>();
        delivery.get("attemptLog").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
        return codes;
    }
}
