package org.releasegovernance.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * The appender lease: which instance appends to the log and signs its checkpoints.
 *
 * @param instanceId            this instance's name in the lease and the log lines; by default
 *                              {@code <host>:<pid>:<random>}, unique per start
 * @param leaseDuration         how long a lease lasts without renewal: after the appender dies, a standby takes over
 *                              within this plus {@code standbyPollInterval}; an appender paused longer loses it
 * @param standbyPollInterval   how often a standby tries to take the lease
 */
@ConfigurationProperties("audit.appender")
public record AppenderProperties(String instanceId,
                                 @DefaultValue("10s") Duration leaseDuration,
                                 @DefaultValue("1s") Duration standbyPollInterval) {

    public AppenderProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = ManagementFactory.getRuntimeMXBean().getName().replace('@', ':').replaceFirst("^(\\d+):(.*)$",
                    "$2:$1") + ":" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("audit.appender.lease-duration must be at least 1s");
        }
    }

    /** The appender renews this often when idle (appends renew it too): a third of the lease. */
    public Duration renewInterval() {
        return leaseDuration.dividedBy(3);
    }
}
