package org.releasegovernance.audit.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where events come from and how failures are retried ({@code governance.events.*}).
 *
 * @param auditTopic the Kafka topic of all governance events in publication order, on one partition (governance-service
 *                   publishes it beside the partitioned events topic)
 * @param retry the back-off between attempts when storing an event fails (e.g. the database is down)
 */
@ConfigurationProperties("governance.events")
public record EventsProperties(@DefaultValue("release-governance.audit") String auditTopic,
                               @DefaultValue Retry retry) {

    /**
     * A capped exponential back-off that never gives up: a transient failure is retried until it passes.
     *
     * @param initialInterval the wait after the first failure
     * @param maxInterval     the longest wait between two attempts
     */
    public record Retry(@DefaultValue("500ms") Duration initialInterval,
                        @DefaultValue("30s") Duration maxInterval) {
    }
}
