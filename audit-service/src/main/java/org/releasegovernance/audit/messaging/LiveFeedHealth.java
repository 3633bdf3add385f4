package org.releasegovernance.audit.messaging;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code auditFeed} in {@code /actuator/health}: down while the live feed cannot read the topic or store its events
 * (it keeps retrying), so an operator or orchestrator sees that the log has stopped growing and why.
 */
@Component("auditFeed")
class LiveFeedHealth implements HealthIndicator {

    private final LiveFeed feed;

    LiveFeedHealth(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public Health health() {
        return feed.failure()
                .map(reason -> Health.down().withDetail("reason", reason).build())
                .orElseGet(() -> Health.up().build());
    }
}
