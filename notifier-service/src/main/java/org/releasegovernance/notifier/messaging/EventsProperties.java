package org.releasegovernance.notifier.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where events come from and how consumer failures are retried ({@code governance.events.*}).
 *
 * @param topic the Kafka topic of all governance events
 * @param retry the back-off between attempts when recording an event's deliveries fails (e.g. the database is down)
 */
@ConfigurationProperties("governance.events")
public record EventsProperties(@DefaultValue("release-governance.events") String topic,
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
