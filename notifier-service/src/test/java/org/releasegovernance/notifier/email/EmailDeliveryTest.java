package org.releasegovernance.notifier.email;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.releasegovernance.notifier.TestSmtp;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** E-mail subscriptions, sent through a real SMTP server (GreenMail) by way of the delivery outbox. */
class EmailDeliveryTest extends NotifierServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Instant DUE = Instant.parse("2019-08-20T12:00:00Z");

    @Test
    void anEmailSubscriberToReviewOverdueGetsOneMessageWithTextHtmlAndTheLinks() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String address = "watchers-" + releaseId + "@example.org";
        String subscriptionId = subscribeEmail(address, releaseId);
        GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(
                new ReviewOverdue(releaseId, "345M", "review-1", "Staged release review", DUE, Gpt2.CHAIR),
                new ReviewPublished(releaseId, "345M", "review-2", "No misuse found",
                        "https://reviews.example.org/gpt-2/345M", Gpt2.CHAIR))));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(SMTP.receivedBy(address)).hasSize(1));
        MimeMessage message = SMTP.receivedBy(address).get(0);
        assertThat(message.getSubject()).isEqualTo("Review overdue: Staged release review (" + releaseId + " 345M)");
        assertThat(message.getFrom()[0].toString()).isEqualTo("governance@example.org");
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(address);
        assertThat(message.getMessageID()).as("JavaMail's Message-ID").isNotBlank();
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        String text = part(message, "text/plain");
        String html = part(message, "text/html");
        assertThat(text).contains("Review overdue: Staged release review", "title: Staged release review",
                "dueAt: 2019-08-20T12:00:00Z", "https://governance.example.org/feed.atom");
        assertThat(html).contains("<td>Staged release review</td>",
                "<a href=\"https://governance.example.org/feed.atom\">");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .extracting(delivery -> delivery.get("status").asText()).containsExactly("DELIVERED"));
        assertThat(deliveryLog(subscriptionId).get(0).at("/attemptLog/0/statusCode").asInt()).isEqualTo(250);
        assertThat(SMTP.receivedBy(address)).as("ReviewPublished was not subscribed to").hasSize(1);
    }

    @Test
    void aPublishedReviewMailLinksTheReview() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String address = "reviews-" + releaseId + "@example.org";
        subscribeEmail(address, releaseId, "ReviewPublished");
        GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(new ReviewPublished(releaseId, "345M", "review-2",
                "No misuse found", "https://reviews.example.org/gpt-2/345M?a=1&b=2", Gpt2.CHAIR))));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(SMTP.receivedBy(address)).hasSize(1));
        MimeMessage message = SMTP.receivedBy(address).get(0);
        assertThat(message.getSubject()).isEqualTo("Review published: No misuse found (" + releaseId + " 345M)");
        assertThat(part(message, "text/plain")).contains("The review: https://reviews.example.org/gpt-2/345M?a=1&b=2");
        assertThat(part(message, "text/html"))
                .contains("<a href=\"https://reviews.example.org/gpt-2/345M?a=1&amp;b=2\">");
    }

    @Test
    void aHostileTitleAddsNoHeaderNoRecipientAndNoMarkup() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String address = "hostile-" + releaseId + "@example.org";
        String victim = "victim-" + releaseId + "@example.org";
        subscribeEmail(address, releaseId);
        String title = "Late\r\nBcc: " + victim + "\r\nX-Injected: yes\r\n\r\n<script>alert(1)</script>"
                + "<a href=\"javascript:alert(2)\">click</a>\u0000\u2028end";
        GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(
                new ReviewOverdue(releaseId, "345M", "review-1", title, DUE, Gpt2.CHAIR))));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(SMTP.receivedBy(address)).hasSize(1));
        MimeMessage message = SMTP.receivedBy(address).get(0);
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(address);
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getHeader("X-Injected")).isNull();
        assertThat(message.getSubject()).doesNotContain("\r", "\n", "\u0000", "\u2028")
                .startsWith("Review overdue: Late Bcc: " + victim + " X-Injected: yes <script>");
        String html = part(message, "text/html");
        assertThat(html).doesNotContain("<script>", "<a href=\"javascript")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(SMTP.receivedBy(victim)).isEmpty();
    }

    @Test
    void whileTheSmtpServerIsDownTheMailIsRetriedThenDeadLetteredAndAManualRetryDeliversIt() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String address = "outage-" + releaseId + "@example.org";
        String subscriptionId = subscribeEmail(address, releaseId);
        SMTP.stop();
        try {
            GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(
                    new ReviewOverdue(releaseId, "345M", "review-1", "Staged release review", DUE, Gpt2.CHAIR))));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                    .extracting(delivery -> delivery.get("status").asText()).containsExactly("DEAD"));
        } finally {
            SMTP.start();
        }
        JsonNode dead = deliveryLog(subscriptionId).get(0);
        assertThat(dead.get("attempts").asInt()).as("the policy's attempts").isEqualTo(4);
        assertThat(dead.get("lastError").asText()).contains("dead letter after 4 attempts");
        dead.get("attemptLog").forEach(attempt -> assertThat(attempt.get("statusCode").isNull()).isTrue());

        mvc.perform(post("/api/deliveries/{id}/retry", dead.get("id").asText()).header("Authorization", ADMIN))
                .andExpect(status().isOk());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(SMTP.receivedBy(address)).hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                .extracting(delivery -> delivery.get("status").asText()).containsExactly("DELIVERED"));
    }

    @Test
    void aRecipientTheMailServerRefusesForGoodIsADeadLetterAtOnce() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String subscriptionId = subscribeEmail("nobody-" + releaseId + "@example.org", releaseId);
        try (TestSmtp.RefusingSmtp refusing = SMTP.refuseEveryRecipient()) {
            GovernanceTopic.publish(GovernanceTopic.envelopes(List.of(
                    new ReviewOverdue(releaseId, "345M", "review-1", "Staged release review", DUE, Gpt2.CHAIR))));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(subscriptionId))
                    .extracting(delivery -> delivery.get("status").asText()).containsExactly("DEAD"));
        } finally {
            SMTP.start();
        }
        JsonNode dead = deliveryLog(subscriptionId).get(0);
        assertThat(dead.get("attempts").asInt()).as("not retried").isEqualTo(1);
        assertThat(dead.get("lastError").asText()).contains("550", "final");
    }

    private String subscribeEmail(String address, String releaseId, String... eventTypes) throws Exception {
        String types = String.join("\",\"", eventTypes.length == 0
                ? new String[]{"ReviewOverdue", "StageReleased"} : eventTypes);
        String created = mvc.perform(post("/api/subscriptions").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel":"EMAIL","address":"%s","eventTypes":["%s"],"releaseIds":["%s"]}"""
                                .formatted(address, types, releaseId)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.channel").value("EMAIL"))
                .andExpect(jsonPath("$.address").value(address))
                .andExpect(jsonPath("$.url").value(nullValue()))
                .andExpect(jsonPath("$.secret").value(nullValue()))
                .andReturn().getResponse().getContentAsString();
        return readTree(created).get("id").asText();
    }

    private static String part(MimeMessage message, String type) throws Exception {
        Multipart alternatives = (Multipart) message.getContent();
        assertThat(alternatives.getCount()).isEqualTo(2);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart part = alternatives.getBodyPart(i);
            types.add(part.getContentType());
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part among " + types);
    }
}
