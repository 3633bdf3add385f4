package org.releasegovernance.notifier.subscription;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions in PostgreSQL, their secrets encrypted. */
@Repository
public class Subscriptions {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    Subscriptions(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void add(Subscription subscription, String secret) {
        jdbc.sql("""
                        insert into subscription (id, channel, url, event_types, release_ids, secret_ciphertext,
                                                  created_by, created_at)
                        values (:id, :channel, :url, :eventTypes, :releaseIds, :secret, :createdBy, :createdAt)""")
                .param("id", subscription.id())
                .param("channel", subscription.channel().name())
                .param("url", subscription.url())
                .param("eventTypes", subscription.eventTypes().toArray(String[]::new))
                .param("releaseIds", subscription.releaseIds().toArray(String[]::new))
                .param("secret", cipher.encrypt(secret))
                .param("createdBy", subscription.createdBy())
                .param("createdAt", Timestamp.from(subscription.createdAt()))
                .update();
    }

    public List<Subscription> all() {
        return jdbc.sql("select * from subscription order by created_at, id").query(Subscriptions::map).list();
    }

    public Optional<Subscription> find(UUID id) {
        return jdbc.sql("select * from subscription where id = ?").param(id).query(Subscriptions::map).optional();
    }

    /** The subscriptions an event of this type about this release concerns. */
    public List<Subscription> matching(String eventType, String releaseId) {
        return jdbc.sql("""
                        select * from subscription
                        where :eventType = any (event_types)
                          and (cardinality(release_ids) = 0 or :releaseId = any (release_ids))""")
                .param("eventType", eventType)
                .param("releaseId", releaseId)
                .query(Subscriptions::map)
                .list();
    }

    /** The signing secret ({@code whsec_...}) of a subscription, decrypted for the signer. */
    public String secretOf(UUID id) {
        byte[] sealed = jdbc.sql("select secret_ciphertext from subscription where id = ?").param(id)
                .query(byte[].class).single();
        return cipher.decrypt(sealed);
    }

    private static Subscription map(ResultSet row, int rowNumber) throws SQLException {
        return new Subscription(row.getObject("id", UUID.class), Channel.valueOf(row.getString("channel")),
                row.getString("url"), strings(row.getArray("event_types")), strings(row.getArray("release_ids")),
                row.getString("created_by"), row.getTimestamp("created_at").toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
