package org.releasegovernance.notifier.delivery;

import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender stores a batch's outcomes again when it cannot tell whether its commit went through (the database
 * went away before acknowledging it): storing them twice must count each attempt once.
 */
class SettlingTest extends NotifierServiceTest {

    @Autowired
    Deliveries deliveries;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anOutcomeStoredAgainChangesNothing() throws Exception {
        UUID deliveryId = pendingDelivery();
        Instant now = Instant.now();
        Deliveries.Outcome delivered = new Deliveries.Outcome(deliveryId, 1, now, 200, null, 12,
                new RetryPolicy.Decision(DeliveryStatus.DELIVERED, now, null));

        assertThat(deliveries.settle("test-sender", List.of(delivered))).containsExactly(deliveryId);
        assertThat(deliveries.settle("test-sender", List.of(delivered))).as("stored already").isEmpty();

        DeliveryView delivery = deliveries.find(deliveryId).orElseThrow();
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.attemptLog()).extracting(DeliveryView.Attempt::statusCode).containsExactly(200);
    }

    @Test
    void anOutcomeOfAnAttemptSomeoneElseStoredFirstIsSkipped() throws Exception {
        UUID deliveryId = pendingDelivery();
        Instant now = Instant.now();
        Deliveries.Outcome retry = new Deliveries.Outcome(deliveryId, 1, now, 503, null, 12,
                new RetryPolicy.Decision(DeliveryStatus.PENDING, now.plusSeconds(60), "HTTP 503"));
        Deliveries.Outcome late = new Deliveries.Outcome(deliveryId, 1, now, 200, null, 15,
                new RetryPolicy.Decision(DeliveryStatus.DELIVERED, now, null));

        assertThat(deliveries.settle("test-sender", List.of(retry))).containsExactly(deliveryId);
        assertThat(deliveries.settle("test-sender", List.of(late))).as("attempt 1 is stored already").isEmpty();

        DeliveryView delivery = deliveries.find(deliveryId).orElseThrow();
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.attemptLog()).extracting(DeliveryView.Attempt::statusCode).containsExactly(503);
    }

    /** A pending delivery of a paused subscription, which the running sender leaves alone. */
    private UUID pendingDelivery() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        UUID subscriptionId = UUID.fromString(subscribe("/settled/" + releaseId, releaseId).get("id").asText());
        jdbc.sql("update subscription set status = 'PAUSED' where id = ?").param(subscriptionId).update();
        UUID eventId = UUID.randomUUID();
        deliveries.add(List.of(new Deliveries.NewDelivery(eventId, subscriptionId, "StageReleased", releaseId, 1,
                "msg_" + eventId, "{}")), Instant.now());
        return jdbc.sql("select id from delivery where event_id = ?").param(eventId).query(UUID.class).single();
    }
}
