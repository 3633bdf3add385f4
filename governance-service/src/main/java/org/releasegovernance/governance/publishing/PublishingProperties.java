package org.releasegovernance.governance.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where and how events are published ({@code governance.events.*}).
 *
 * @param topic       the Kafka topic of all governance events
 * @param sendTimeout how long to wait for the broker's acknowledgement before the processor retries
 */
@ConfigurationProperties("governance.events")
public record PublishingProperties(@DefaultValue("release-governance.events") String topic,
                                   @DefaultValue("30s") Duration sendTimeout) {
}
