package org.releasegovernance.audit.messaging;

import org.releasegovernance.audit.log.AppenderLease;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code auditAppender} in {@code /actuator/health}: whether this instance is the log's appender or a standby, and
 * who holds the lease. Always UP: a standby serves reads and is as healthy as the appender; {@code auditFeed} says
 * whether the log grows.
 */
@Component("auditAppender")
class AppenderHealth implements HealthIndicator {

    private final LiveFeed feed;
    private final AppenderLease lease;

    AppenderHealth(LiveFeed feed, AppenderLease lease) {
        this.feed = feed;
        this.lease = lease;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("instance", lease.instanceId());
        feed.appenderLease().ifPresentOrElse(
                held -> health.withDetail("role", "APPENDER").withDetail("epoch", held.epoch()),
                () -> health.withDetail("role", "STANDBY"));
        try {
            AppenderLease.Holder holder = lease.current();
            health.withDetail("leaseHolder", holder.holder() == null ? "none" : holder.holder())
                    .withDetail("leaseEpoch", holder.epoch())
                    .withDetail("leaseExpired", holder.expired());
        } catch (RuntimeException e) {
            health.withDetail("leaseHolder", "unknown: " + e.getMessage());
        }
        return health.build();
    }
}
