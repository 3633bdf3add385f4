package org.releasegovernance.notifier.delivery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The delivery outbox and its attempts, in PostgreSQL. */
@Repository
class Deliveries {

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery the sender has claimed. */
    record Due(UUID id, UUID subscriptionId, UUID eventId, String eventType, String releaseId, String url,
               String webhookId, String body, int attempts) {
    }

    /** Records a delivery once; returns false if this (event, subscription) already has one. */
    boolean add(UUID eventId, UUID subscriptionId, String eventType, String releaseId, long position,
                String webhookId, String body, Instant now) {
        return jdbc.sql("""
                        insert into delivery (id, event_id, subscription_id, event_type, release_id, event_position,
                                              webhook_id, body, status, next_attempt_at)
                        values (:id, :eventId, :subscriptionId, :eventType, :releaseId, :position, :webhookId,
                                :body, 'PENDING', :now)
                        on conflict (event_id, subscription_id) do nothing""")
                .param("id", UUID.randomUUID())
                .param("eventId", eventId)
                .param("subscriptionId", subscriptionId)
                .param("eventType", eventType)
                .param("releaseId", releaseId)
                .param("position", position)
                .param("webhookId", webhookId)
                .param("body", body)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Claims due deliveries (locked until the caller's transaction ends; other senders skip them). */
    List<Due> claimDue(int limit, Instant now) {
        return jdbc.sql("""
                        select d.id, d.subscription_id, d.event_id, d.event_type, d.release_id, s.url, d.webhook_id, d.body,
                               d.attempts
                        from delivery d join subscription s on s.id = d.subscription_id
                        where d.status = 'PENDING' and d.next_attempt_at <= :now
                        order by d.event_position, d.id
                        limit :limit
                        for update of d skip locked""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((row, n) -> new Due(row.getObject("id", UUID.class),
                        row.getObject("subscription_id", UUID.class), row.getObject("event_id", UUID.class),
                        row.getString("event_type"), row.getString("release_id"), row.getString("url"),
                        row.getString("webhook_id"), row.getString("body"), row.getInt("attempts")))
                .list();
    }

    void recordAttempt(UUID deliveryId, Instant at, Integer statusCode, String error, long durationMillis) {
        jdbc.sql("""
                        insert into delivery_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
                        values (?, ?, ?, ?, ?)""")
                .params(deliveryId, Timestamp.from(at), statusCode, error, durationMillis)
                .update();
    }

    void markDelivered(UUID deliveryId, int attempts, Instant at) {
        jdbc.sql("update delivery set status = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = null "
                        + "where id = ?")
                .params(attempts, Timestamp.from(at), deliveryId)
                .update();
    }

    void markFailed(UUID deliveryId, int attempts, DeliveryStatus status, Instant nextAttemptAt, String error) {
        jdbc.sql("update delivery set status = ?, attempts = ?, next_attempt_at = ?, last_error = ? where id = ?")
                .params(status.name(), attempts, Timestamp.from(nextAttemptAt), error, deliveryId)
                .update();
    }

    List<DeliveryView> list(UUID subscriptionId, DeliveryStatus status) {
        List<DeliveryView> deliveries = jdbc.sql("""
                        select * from delivery
                        where (cast(:subscriptionId as uuid) is null or subscription_id = :subscriptionId)
                          and (cast(:status as text) is null or status = :status)
                        order by created_at, event_position
                        limit 1000""")
                .param("subscriptionId", subscriptionId)
                .param("status", status == null ? null : status.name())
                .query(Deliveries::view)
                .list();
        return deliveries.stream().map(delivery -> delivery.withAttempts(attemptsOf(delivery.id()))).toList();
    }

    private List<DeliveryView.Attempt> attemptsOf(UUID deliveryId) {
        return jdbc.sql("select * from delivery_attempt where delivery_id = ? order by attempted_at, id")
                .param(deliveryId)
                .query((row, n) -> new DeliveryView.Attempt(row.getTimestamp("attempted_at").toInstant(),
                        (Integer) row.getObject("status_code"), row.getString("error"), row.getLong("duration_ms")))
                .list();
    }

    private static DeliveryView view(ResultSet row, int rowNumber) throws SQLException {
        Timestamp delivered = row.getTimestamp("delivered_at");
        return new DeliveryView(row.getObject("id", UUID.class), row.getObject("subscription_id", UUID.class),
                row.getObject("event_id", UUID.class), row.getString("event_type"), row.getString("release_id"),
                row.getString("webhook_id"), DeliveryStatus.valueOf(row.getString("status")), row.getInt("attempts"),
                row.getTimestamp("next_attempt_at").toInstant(), delivered == null ? null : delivered.toInstant(),
                row.getString("last_error"), List.of());
    }
}
