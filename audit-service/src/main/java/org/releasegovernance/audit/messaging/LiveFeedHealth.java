package org.releasegovernance.audit.messaging;

import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.audit.log.AuditLog.UnstoredEvent;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code auditFeed} in {@code /actuator/health}: down while the live feed cannot read the topic or store its events
 * (it keeps retrying), so an operator or orchestrator sees that the log has stopped growing and why; and down while
 * an event of the topic could not be stored at all (it is kept as unreadable and the feed goes on), so a hole in the
 * log is never silent. It is in neither the liveness nor the readiness group: restarting the service fixes neither.
 */
@Component("auditFeed")
class LiveFeedHealth implements HealthIndicator {

    private final LiveFeed feed;
    private final AuditLog auditLog;

    LiveFeedHealth(LiveFeed feed, AuditLog auditLog) {
        this.feed = feed;
        this.auditLog = auditLog;
    }

    @Override
    public Health health() {
        return feed.failure()
                .map(reason -> Health.down().withDetail("reason", reason).build())
                .orElseGet(this::unstoredEvents);
    }

    private Health unstoredEvents() {
        List<UnstoredEvent> unstored = auditLog.unstoredEvents(1);
        if (unstored.isEmpty()) {
            return Health.up().build();
        }
        UnstoredEvent first = unstored.get(0);
        return Health.down()
                .withDetail("reason", "an event of the topic could not be stored in the audit log: event "
                        + first.eventId() + " of release " + first.releaseId() + ": " + first.reason())
                .withDetail("unstoredEvents", auditLog.unstoredEvents(AuditLog.MISSING_LISTED).size())
                .build();
    }
}
