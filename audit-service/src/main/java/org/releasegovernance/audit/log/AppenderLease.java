package org.releasegovernance.audit.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * The lease that makes one instance at a time the log's appender and signer, kept in one PostgreSQL row ({@code
 * appender_lease}) with the holder, an epoch raised at every take-over, and an expiry on the database's clock. The
 * holder renews it while it runs; {@link AuditLog#append} renews it too, checking holder and epoch in the append's own
 * transaction under the row's lock, so an instance that lost the lease (paused past its expiry, cut off from the
 * database) can never append or sign again: its next append fails with {@link AppenderLeaseLost}, and a standby that
 * takes the lease waits for any append still in flight to commit or roll back.
 */
@Repository
public class AppenderLease {

    private static final Logger log = LoggerFactory.getLogger(AppenderLease.class);

    private final JdbcTemplate jdbc;
    private final AppenderProperties properties;

    AppenderLease(JdbcTemplate jdbc, AppenderProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The lease as taken: by this instance, at an epoch no other holder had. */
    public record Held(String holder, long epoch) {
    }

    /** Who holds the lease now, whether or not it has expired. */
    public record Holder(String holder, long epoch, boolean expired) {
    }

    public String instanceId() {
        return properties.instanceId();
    }

    /** Takes the lease if it is free or expired, at a new epoch; empty while another instance holds it. */
    public Optional<Held> tryTake() {
        Optional<Held> taken = jdbc.query("""
                        update appender_lease
                           set holder = ?, epoch = epoch + 1, expires_at = now() + ? * interval '1 millisecond'
                         where expires_at <= now()
                     returning epoch""", (row, number) -> new Held(properties.instanceId(), row.getLong(1)),
                properties.instanceId(), properties.leaseDuration().toMillis()).stream().findFirst();
        taken.ifPresent(held -> log.info("audit appender lease taken by {} at epoch {}", held.holder(),
                held.epoch()));
        return taken;
    }

    /**
     * Extends the lease; call it inside the transaction that appends, so the check and the append commit together.
     *
     * @throws AppenderLeaseLost if another instance took the lease since
     */
    public void renew(Held held) {
        int renewed = jdbc.update("""
                update appender_lease set expires_at = now() + ? * interval '1 millisecond'
                 where holder = ? and epoch = ?""", properties.leaseDuration().toMillis(), held.holder(),
                held.epoch());
        if (renewed == 0) {
            throw new AppenderLeaseLost(held, current());
        }
    }

    /** Gives the lease up at once (on a graceful stop), so a standby takes over at its next try. */
    public void release(Held held) {
        if (jdbc.update("update appender_lease set expires_at = now() where holder = ? and epoch = ?",
                held.holder(), held.epoch()) > 0) {
            log.info("audit appender lease released by {} at epoch {}", held.holder(), held.epoch());
        }
    }

    /** The lease as the database has it. */
    public Holder current() {
        return jdbc.queryForObject("select holder, epoch, expires_at <= now() as expired from appender_lease",
                (row, number) -> new Holder(row.getString("holder"), row.getLong("epoch"),
                        row.getBoolean("expired")));
    }

    /** This instance no longer holds the lease it appends under: it must stop appending. */
    public static final class AppenderLeaseLost extends RuntimeException {

        AppenderLeaseLost(Held held, Holder now) {
            super("audit appender lease lost by " + held.holder() + " at epoch " + held.epoch() + ": now held by "
                    + now.holder() + " at epoch " + now.epoch());
        }
    }
}
