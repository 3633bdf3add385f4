package org.releasegovernance.notifier.subscription;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions in PostgreSQL, their secrets and access tokens encrypted. */
@Repository
public class Subscriptions {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    Subscriptions(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void add(Subscription subscription, String secret, String accessToken) {
        jdbc.sql("""
                        insert into subscription (id, channel, url, address, event_types, release_ids, status,
                                                  secret_ciphertext, access_token_ciphertext, created_by, created_at,
                                                  version)
                        values (:id, :channel, :url, :address, :eventTypes, :releaseIds, :status, :secret, :token,
                                :createdBy, :createdAt, :version)""")
                .param("id", subscription.id())
                .param("channel", subscription.channel().name())
                .param("url", subscription.url())
                .param("address", subscription.address())
                .param("eventTypes", subscription.eventTypes().toArray(String[]::new))
                .param("releaseIds", subscription.releaseIds().toArray(String[]::new))
                .param("status", subscription.status().name())
                .param("secret", secret == null ? null : cipher.encrypt(secret))
                .param("token", accessToken == null ? null : cipher.encrypt(accessToken))
                .param("createdBy", subscription.createdBy())
                .param("createdAt", Timestamp.from(subscription.createdAt()))
                .param("version", subscription.version())
                .update();
    }

    /**
     * Saves the fields an owner may change, each {@code null} one kept, if the subscription is at
     * {@code expectedVersion} ({@code null}: whatever its version). One statement checks the version and writes, so
     * no other change slips in between. A status set by the owner clears the notifier's reason.
     *
     * @return the subscription as changed, or empty if there is none at that version
     */
    Optional<Subscription> change(UUID id, Long expectedVersion, String url, String address,
                                  List<String> eventTypes, List<String> releaseIds, SubscriptionStatus status,
                                  String accessToken) {
        return jdbc.sql("""
                        update subscription
                        set url = coalesce(cast(:url as text), url),
                            address = coalesce(cast(:address as text), address),
                            event_types = coalesce(cast(:eventTypes as text[]), event_types),
                            release_ids = coalesce(cast(:releaseIds as text[]), release_ids),
                            status_reason = case when status = coalesce(cast(:status as text), status)
                                                 then status_reason end,
                            failing_since = case when status = coalesce(cast(:status as text), status)
                                                 then failing_since end,
                            status = coalesce(cast(:status as text), status),
                            access_token_ciphertext = coalesce(cast(:token as bytea), access_token_ciphertext),
                            version = version + 1
                        where id = :id and (cast(:expected as bigint) is null or version = :expected)
                        returning *""")
                .param("id", id)
                .param("expected", expectedVersion)
                .param("url", url)
                .param("address", address)
                .param("eventTypes", eventTypes == null ? null : eventTypes.toArray(String[]::new))
                .param("releaseIds", releaseIds == null ? null : releaseIds.toArray(String[]::new))
                .param("status", status == null ? null : status.name())
                .param("token", accessToken == null ? null : cipher.encrypt(accessToken))
                .query(Subscriptions::map)
                .optional();
    }

    /**
     * Makes {@code newSecret} current if the subscription is at {@code expectedVersion} ({@code null}: whatever its
     * version); the current one stays valid for signing until {@code graceUntil}.
     *
     * @return the subscription's new version, or empty if there is none at that version
     */
    Optional<Long> rotateSecret(UUID id, Long expectedVersion, String newSecret, Instant graceUntil) {
        return jdbc.sql("""
                        update subscription
                        set previous_secret_ciphertext = secret_ciphertext, previous_secret_expires_at = :until,
                            secret_ciphertext = :secret, version = version + 1
                        where id = :id and (cast(:expected as bigint) is null or version = :expected)
                        returning version""")
                .param("id", id)
                .param("expected", expectedVersion)
                .param("until", Timestamp.from(graceUntil))
                .param("secret", cipher.encrypt(newSecret))
                .query(Long.class)
                .optional();
    }

    /** Deletes the subscription if it is at {@code expectedVersion} ({@code null}: whatever its version). */
    boolean delete(UUID id, Long expectedVersion) {
        return jdbc.sql("""
                        delete from subscription
                        where id = :id and (cast(:expected as bigint) is null or version = :expected)""")
                .param("id", id)
                .param("expected", expectedVersion)
                .update() == 1;
    }

    public List<Subscription> all() {
        return jdbc.sql("select * from subscription order by created_at, id").query(Subscriptions::map).list();
    }

    public Optional<Subscription> find(UUID id) {
        return jdbc.sql("select * from subscription where id = ?").param(id).query(Subscriptions::map).optional();
    }

    /** The decrypted secrets and token the sender needs now. */
    public Credentials credentialsOf(UUID id, Instant now) {
        return jdbc.sql("""
                        select secret_ciphertext, previous_secret_ciphertext, previous_secret_expires_at,
                               access_token_ciphertext
                        from subscription where id = ?""")
                .param(id)
                .query((row, n) -> {
                    List<String> secrets = new ArrayList<>();
                    byte[] current = row.getBytes("secret_ciphertext");
                    if (current != null) {
                        secrets.add(cipher.decrypt(current));
                    }
                    byte[] previous = row.getBytes("previous_secret_ciphertext");
                    Timestamp until = row.getTimestamp("previous_secret_expires_at");
                    if (previous != null && until != null && until.toInstant().isAfter(now)) {
                        secrets.add(cipher.decrypt(previous));
                    }
                    byte[] token = row.getBytes("access_token_ciphertext");
                    return new Credentials(List.copyOf(secrets), token == null ? null : cipher.decrypt(token));
                })
                .single();
    }

    /**
     * Notes a failed attempt. If every attempt has failed for longer than {@code disableAfter}, an active
     * subscription is disabled with {@code reason}; returns whether that happened now. Each change is a new version:
     * an owner's write that names the version read before it (say, {@code ACTIVE} before the notifier disabled it)
     * is refused rather than made on a state the owner never saw.
     */
    public boolean recordFailure(UUID id, Instant now, Duration disableAfter, String reason) {
        jdbc.sql("""
                        update subscription set failing_since = ?, version = version + 1
                        where id = ? and failing_since is null""")
                .params(Timestamp.from(now), id)
                .update();
        return jdbc.sql("""
                        update subscription set status = 'DISABLED', status_reason = :reason, version = version + 1
                        where id = :id and status = 'ACTIVE' and failing_since <= :threshold""")
                .param("id", id)
                .param("reason", reason)
                .param("threshold", Timestamp.from(now.minus(disableAfter)))
                .update() == 1;
    }

    /** Notes successful attempts: these endpoints are healthy again. */
    public void recordSuccess(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update subscription set failing_since = null, version = version + 1
                        where id = any (cast(? as uuid[])) and failing_since is not null""")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    private static Subscription map(ResultSet row, int rowNumber) throws SQLException {
        return new Subscription(row.getObject("id", UUID.class), Channel.valueOf(row.getString("channel")),
                row.getString("url"), row.getString("address"), strings(row.getArray("event_types")),
                strings(row.getArray("release_ids")),
                SubscriptionStatus.valueOf(row.getString("status")), row.getString("status_reason"),
                instant(row.getTimestamp("failing_since")), instant(row.getTimestamp("previous_secret_expires_at")),
                row.getString("created_by"), row.getTimestamp("created_at").toInstant(), row.getLong("version"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
