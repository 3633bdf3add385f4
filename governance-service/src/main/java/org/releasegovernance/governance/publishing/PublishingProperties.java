package org.releasegovernance.governance.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where and how events are published ({@code governance.events.*}).
 *
 * @param topic       the Kafka topic of all governance events, keyed and partitioned by release, for subscribers
 * @param partitions  partitions of {@code topic} when this service creates it
 * @param auditTopic  the same events on one partition, in publication order, for the audit log
 * @param sendTimeout how long to wait for the broker's acknowledgements of a batch before the processor retries
 */
@ConfigurationProperties("governance.events")
public record PublishingProperties(@DefaultValue("release-governance.events") String topic,
                                   @DefaultValue("3") int partitions,
                                   @DefaultValue("release-governance.audit") String auditTopic,
                                   @DefaultValue("30s") Duration sendTimeout) {
}
