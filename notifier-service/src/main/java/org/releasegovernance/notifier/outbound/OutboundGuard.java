package org.releasegovernance.notifier.outbound;

import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: a subscriber's URL must resolve only to public addresses, unless configuration allows its host
 * (or loopback). Checked when a subscription is saved and again before every request, since DNS answers change.
 * A name could still resolve differently between this check and the HTTP client's own lookup; the guard narrows
 * that window to milliseconds and redirects are never followed, but it is not a network-level egress filter.
 */
@Component
public class OutboundGuard {

    private final OutboundProperties properties;

    public OutboundGuard(OutboundProperties properties) {
        this.properties = properties;
    }

    /** Returns the URL if the notifier may call it; otherwise says why not. */
    public URI check(String url) throws RefusedDestination {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new RefusedDestination("not a valid URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new RefusedDestination("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedDestination("must not carry user information");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (properties.allowedHosts().contains(stripBrackets(host))) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(host));
        } catch (UnknownHostException e) {
            throw new RefusedDestination("host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedDestination("host " + host + " resolves to " + refusal + " address "
                        + address.getHostAddress() + "; allow it with notifier.outbound.allowed-hosts");
            }
        }
        return uri;
    }

    private String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return properties.allowLoopback() ? null : "a loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local (cloud metadata)";
        }
        if (address.isSiteLocalAddress() || isUniqueLocal(address) || isSharedOrReserved(address)) {
            return "a private";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        return null;
    }

    /** IPv6 unique local addresses, fc00::/7 (e.g. fd00:ec2::254, a metadata address). */
    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24, 198.18.0.0/15 (benchmarking), 0.0.0.0/8, 240.0.0.0/4. */
    private static boolean isSharedOrReserved(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return (first == 100 && second >= 64 && second < 128)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                || (first == 198 && (second == 18 || second == 19))
                || first == 0 || first >= 240;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
