package org.releasegovernance.notifier.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;

/**
 * Which destinations the notifier may call ({@code notifier.outbound.*}). By default only globally routable unicast
 * addresses that are not this host's own.
 *
 * @param allowLoopback allow loopback addresses, 127.0.0.0/8 and ::1 (the local run and tests deliver to localhost);
 *                      this host's other addresses stay refused
 * @param allowedHosts  host names or address literals, as written in the URL (exact, case-insensitive, IPv6 without
 *                      brackets), allowed whatever they resolve to
 */
@ConfigurationProperties("notifier.outbound")
public record OutboundProperties(boolean allowLoopback, List<String> allowedHosts) {

    public OutboundProperties {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
