package org.releasegovernance.intake;

import org.releasegovernance.events.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * Where governance events come from and how a consumer retries a failure ({@code governance.events.*}).
 *
 * @param topic      the topic of all governance events, partitioned by release (the notifier reads it)
 * @param auditTopic the same events in publication order on one partition (the audit log reads and replays it)
 * @param retry      the back-off between attempts when storing an event fails (e.g. the database is down)
 */
@ConfigurationProperties("governance.events")
public record EventsProperties(@DefaultValue(Topics.EVENTS) String topic,
                               @DefaultValue(Topics.AUDIT) String auditTopic,
                               @DefaultValue Retry retry) {

    /**
     * A capped exponential back-off that never gives up: a transient failure is retried until it passes, and an
     * event is never skipped.
     *
     * @param initialInterval the wait after the first failure
     * @param maxInterval     the longest wait between two attempts
     */
    public record Retry(@DefaultValue("500ms") Duration initialInterval,
                        @DefaultValue("30s") Duration maxInterval) {

        /** The waits: doubling from the initial interval up to the longest, without end. */
        public ExponentialBackOff backOff() {
            ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
            backOff.setMaxInterval(maxInterval.toMillis());
            backOff.setMaxElapsedTime(Long.MAX_VALUE);
            return backOff;
        }
    }
}
