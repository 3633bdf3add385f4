package org.releasegovernance.notifier.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;

/**
 * Which destinations the notifier may call ({@code notifier.outbound.*}). By default only public addresses.
 *
 * @param allowLoopback allow URLs resolving to this machine (the local run and tests deliver to localhost)
 * @param allowedHosts  host names (exact, case-insensitive) allowed whatever they resolve to
 */
@ConfigurationProperties("notifier.outbound")
public record OutboundProperties(boolean allowLoopback, List<String> allowedHosts) {

    public OutboundProperties {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
