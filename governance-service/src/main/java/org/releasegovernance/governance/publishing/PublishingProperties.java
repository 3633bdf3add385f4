package org.releasegovernance.governance.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Where and how events are published ({@code governance.events.*}).
 *
 * @param topic       the Kafka topic of all governance events, keyed and partitioned by release, for subscribers
 * @param partitions  partitions of {@code topic} when this service creates it
 * @param auditTopic  the same events on one partition, in publication order, for the audit log
 * @param sendTimeout how long to wait for the broker's acknowledgements of a batch before the processor retries
 * @param instanceId  the node id this instance claims the publisher's token under; unique per instance, by default
 *                    {@code <host>:<pid>:<random>} (Axon's default, {@code <pid>@<host>}, is the same for two
 *                    instances in one JVM or in two containers that both run as pid 1 under one host name)
 */
@ConfigurationProperties("governance.events")
public record PublishingProperties(@DefaultValue("release-governance.events") String topic,
                                   @DefaultValue("3") int partitions,
                                   @DefaultValue("release-governance.audit") String auditTopic,
                                   @DefaultValue("30s") Duration sendTimeout,
                                   String instanceId) {

    public PublishingProperties {
        if (instanceId == null || instanceId.isBlank()) {
            String[] pidAtHost = ManagementFactory.getRuntimeMXBean().getName().split("@", 2);
            instanceId = (pidAtHost.length == 2 ? pidAtHost[1] + ":" + pidAtHost[0] : pidAtHost[0]) + ":"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
