package org.releasegovernance.notifier.delivery;

import org.releasegovernance.notifier.subscription.Channel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The delivery outbox and its attempts, in PostgreSQL. */
@Repository
class Deliveries {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    Deliveries(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /**
     * A delivery the sender has claimed. {@code failedAttempts} counts the current schedule only; {@code url} or
     * {@code address} is the subscription's destination at the time of the claim.
     */
    record Due(UUID id, UUID eventId, UUID subscriptionId, Channel channel, String url, String address,
               String webhookId, String body, int attempts, int failedAttempts) {
    }

    /** A delivery to record: one (event, subscription) and what to send. */
    record NewDelivery(UUID eventId, UUID subscriptionId, String eventType, String releaseId, long position,
                       String webhookId, String body) {
    }

    /**
     * Records deliveries in one round trip, each at most once; for each, whether it was new (false if this
     * (event, subscription) already had one).
     */
    boolean[] add(List<NewDelivery> newDeliveries, Instant now) {
        int[] counts = batches.batchUpdate("""
                        insert into delivery (id, event_id, subscription_id, event_type, release_id, event_position,
                                              webhook_id, body, status, next_attempt_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)
                        on conflict (event_id, subscription_id) do nothing""",
                newDeliveries.stream().map(delivery -> new Object[]{UUID.randomUUID(), delivery.eventId(),
                        delivery.subscriptionId(), delivery.eventType(), delivery.releaseId(), delivery.position(),
                        delivery.webhookId(), delivery.body(), Timestamp.from(now)}).toList(),
                new int[]{Types.OTHER, Types.OTHER, Types.OTHER, Types.VARCHAR, Types.VARCHAR, Types.BIGINT,
                        Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP});
        boolean[] added = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            added[i] = counts[i] == 1;
        }
        return added;
    }

    /**
     * Claims due deliveries of active subscriptions, oldest events first, for {@code claimDuration} on the database's
     * clock: committed by the caller at once (it runs in a short transaction of its own), so other senders skip them
     * while the requests are in flight and until the outcomes are stored, whichever instance they run on; once a
     * claim expired unsettled (its sender died) the delivery is due again.
     */
    List<Due> claimDue(String sender, int limit, Instant now, Duration claimDuration) {
        return jdbc.sql("""
                        with claimed as (
                            update delivery set claimed_by = :sender,
                                                claimed_until = now() + :claimMillis * interval '1 millisecond'
                            where id in (select d.id
                                         from delivery d join subscription s on s.id = d.subscription_id
                                         where d.status = 'PENDING' and d.next_attempt_at <= :now
                                           and s.status = 'ACTIVE'
                                           and (d.claimed_until is null or d.claimed_until <= now())
                                         order by d.next_attempt_at, d.event_position
                                         limit :limit
                                         for update of d skip locked)
                            returning *)
                        select c.id, c.event_id, c.subscription_id, s.channel, s.url, s.address, c.webhook_id,
                               c.body,
                               c.attempts, c.attempts - c.schedule_offset as failed_attempts
                        from claimed c join subscription s on s.id = c.subscription_id
                        order by c.next_attempt_at, c.event_position""")
                .param("sender", sender)
                .param("claimMillis", claimDuration.toMillis())
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((row, n) -> new Due(row.getObject("id", UUID.class), row.getObject("event_id", UUID.class),
                        row.getObject("subscription_id", UUID.class), Channel.valueOf(row.getString("channel")),
                        row.getString("url"), row.getString("address"), row.getString("webhook_id"),
                        row.getString("body"),
                        row.getInt("attempts"), row.getInt("failed_attempts")))
                .list();
    }

    /** One attempt and what followed it, to be stored. */
    record Outcome(UUID deliveryId, int attempts, Instant attemptedAt, Integer statusCode, String error,
                   long durationMillis, RetryPolicy.Decision decision) {
    }

    /**
     * Stores a batch's attempts and outcomes (delivered, to be retried at a time, or dead) in one round trip, and
     * returns the deliveries it stored them for. An outcome is stored only while its delivery is still pending at the
     * attempt count it was claimed with: storing the same outcomes again, after a commit whose acknowledgement was
     * lost, changes nothing and logs no attempt twice. The sender's claim ends with it (another sender's, taken
     * after this one's expired, stays).
     */
    Set<UUID> settle(String sender, List<Outcome> outcomes) {
        int[] counts = batches.batchUpdate("""
                        with settled as (
                            update delivery set status = ?, attempts = ?, next_attempt_at = ?, delivered_at = ?,
                                                last_error = ?,
                                                claimed_until = case when claimed_by = ? then null
                                                                     else claimed_until end,
                                                claimed_by = case when claimed_by = ? then null else claimed_by end
                            where id = ? and status = 'PENDING' and attempts = ?
                            returning id)
                        insert into delivery_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
                        select id, cast(? as timestamptz), cast(? as integer), cast(? as text), cast(? as bigint)
                        from settled""",
                outcomes.stream().map(outcome -> {
                    RetryPolicy.Decision decision = outcome.decision();
                    boolean delivered = decision.status() == DeliveryStatus.DELIVERED;
                    return new Object[]{decision.status().name(), outcome.attempts(),
                            Timestamp.from(decision.nextAttemptAt()),
                            delivered ? Timestamp.from(decision.nextAttemptAt()) : null, decision.reason(),
                            sender, sender, outcome.deliveryId(), outcome.attempts() - 1,
                            Timestamp.from(outcome.attemptedAt()), outcome.statusCode(), outcome.error(),
                            outcome.durationMillis()};
                }).toList(),
                new int[]{Types.VARCHAR, Types.INTEGER, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR,
                        Types.VARCHAR, Types.VARCHAR, Types.OTHER,
                        Types.INTEGER, Types.TIMESTAMP, Types.INTEGER, Types.VARCHAR, Types.BIGINT});
        Set<UUID> stored = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                stored.add(outcomes.get(i).deliveryId());
            }
        }
        return stored;
    }

    /** Makes a dead letter pending again, now, with a fresh schedule; false if it is not a dead letter. */
    /**
     * Queues a dead letter again and returns it as queued; empty when it is not DEAD. The row comes from the update
     * itself: read afterwards, the sender may already have delivered it.
     */
    Optional<DeliveryView> retryDead(UUID deliveryId, Instant now) {
        return jdbc.sql("""
                        update delivery set status = 'PENDING', next_attempt_at = ?, schedule_offset = attempts
                        where id = ? and status = 'DEAD'
                        returning *""")
                .params(Timestamp.from(now), deliveryId)
                .query(Deliveries::view).optional()
                .map(delivery -> withAttempts(List.of(delivery)).get(0));
    }

    Optional<DeliveryView> find(UUID deliveryId) {
        return jdbc.sql("select * from delivery where id = ?").param(deliveryId).query(Deliveries::view).optional()
                .map(delivery -> withAttempts(List.of(delivery)).get(0));
    }

    List<DeliveryView> list(UUID subscriptionId, DeliveryStatus status) {
        return withAttempts(jdbc.sql("""
                        select * from delivery
                        where (cast(:subscriptionId as uuid) is null or subscription_id = :subscriptionId)
                          and (cast(:status as text) is null or status = :status)
                        order by created_at, event_position
                        limit 1000""")
                .param("subscriptionId", subscriptionId)
                .param("status", status == null ? null : status.name())
                .query(Deliveries::view)
                .list());
    }

    private List<DeliveryView> withAttempts(List<DeliveryView> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        String[] ids = deliveries.stream().map(delivery -> delivery.id().toString()).toArray(String[]::new);
        Map<UUID, List<DeliveryView.Attempt>> attempts = jdbc.sql("""
                        select * from delivery_attempt where delivery_id = any (cast(? as uuid[]))
                        order by attempted_at, id""")
                .param(ids)
                .query((row, n) -> Map.entry(row.getObject("delivery_id", UUID.class),
                        new DeliveryView.Attempt(row.getTimestamp("attempted_at").toInstant(),
                                (Integer) row.getObject("status_code"), row.getString("error"),
                                row.getLong("duration_ms"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return deliveries.stream()
                .map(delivery -> delivery.withAttempts(attempts.getOrDefault(delivery.id(), List.of())))
                .toList();
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
