package org.releasegovernance.notifier.outbound;

import org.releasegovernance.notifier.outbound.RefusedDestination.Rule;
import org.releasegovernance.notifier.outbound.SpecialPurposeAddresses.Ipv4InIpv6;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSRF guard, an allow-list: a subscriber's URL is called only if every address its host resolves to is
 * globally routable unicast, that is outside every block of {@link SpecialPurposeAddresses} (an IPv4 address
 * carried in an IPv6 one is taken out and checked in its place), inside 2000::/3 for IPv6, and not one of this
 * host's own addresses. Configuration may allow loopback (the local run and tests) or name hosts to call whatever
 * they resolve to. Checked when a subscription is saved and again before every request, since DNS answers change.
 * A name could still resolve differently between this check and the HTTP client's own lookup; the guard narrows
 * that window to milliseconds and redirects are never followed, but it is not a network-level egress filter.
 */
@Component
public class OutboundGuard {

    private static final int MAX_PORT = 65_535;
    /** The port of an authority {@link URI} could not read as host and port, e.g. {@code h:99999999999}. */
    private static final Pattern TRAILING_PORT = Pattern.compile(":(\\d+)$");

    private final OutboundProperties properties;
    private final HostResolver resolver;
    private final OwnAddresses ownAddresses;

    @Autowired
    public OutboundGuard(OutboundProperties properties, ObjectProvider<HostResolver> resolver) {
        this(properties, resolver.getIfAvailable(() -> HostResolver.SYSTEM), OutboundGuard::interfaceAddresses);
    }

    OutboundGuard(OutboundProperties properties, HostResolver resolver, OwnAddresses ownAddresses) {
        this.properties = properties;
        this.resolver = resolver;
        this.ownAddresses = ownAddresses;
    }

    /** This host's own addresses. */
    @FunctionalInterface
    interface OwnAddresses {

        List<InetAddress> list() throws SocketException;
    }

    /** Returns the URL if the notifier may call it; otherwise says which rule it breaks. */
    public URI check(String url) throws RefusedDestination {
        URI uri = wellFormed(url);
        String host = stripBrackets(uri.getHost().toLowerCase(Locale.ROOT));
        if (properties.allowedHosts().contains(host)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedDestination(Rule.RESOLVABLE_HOST, "host " + host + " cannot be resolved");
        }
        Own own = new Own();
        for (InetAddress address : addresses) {
            boolean loopback = address.isLoopbackAddress();
            if (loopback && properties.allowLoopback()) {
                continue;
            }
            Optional<String> refusal = refusal(address.getAddress(), own);
            if (refusal.isPresent()) {
                throw new RefusedDestination(Rule.PUBLIC_ADDRESS, "host " + host + " has the address "
                        + address.getHostAddress() + ", " + refusal.get() + "; only globally routable unicast "
                        + "addresses are called, unless "
                        + (loopback ? "notifier.outbound.allow-loopback is true" : "notifier.outbound.allowed-hosts "
                        + "lists the host"));
            }
        }
        return uri;
    }

    /** An absolute http(s) URL with a host, a port in 1-65535 if any, and no user information. */
    private static URI wellFormed(String url) throws RefusedDestination {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedDestination(Rule.VALID_URL, "not a valid URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme())
                || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new RefusedDestination(Rule.HTTP_OR_HTTPS, "must be an absolute http or https URL");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || authority != null && authority.contains("@")) {
            throw new RefusedDestination(Rule.NO_USER_INFO, "must not carry user information");
        }
        String port = uri.getHost() != null ? String.valueOf(uri.getPort()) : trailingPort(authority);
        if (port != null && !port.equals("-1") && !inPortRange(port)) {
            throw new RefusedDestination(Rule.PORT_IN_RANGE, "port " + port + " is outside 1-" + MAX_PORT);
        }
        if (uri.getHost() == null) {
            throw new RefusedDestination(Rule.HOST_REQUIRED, "must name a host, a DNS name or an IP address");
        }
        return uri;
    }

    private static boolean inPortRange(String digits) {
        if (digits.length() > String.valueOf(MAX_PORT).length()) {
            return false;
        }
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= MAX_PORT;
    }

    private static String trailingPort(String authority) {
        if (authority == null) {
            return null;
        }
        Matcher port = TRAILING_PORT.matcher(authority);
        return port.find() ? port.group(1) : null;
    }

    /** Why the address (4 or 16 bytes) may not be called, if it may not. */
    private static Optional<String> refusal(byte[] address, Own own) throws RefusedDestination {
        Optional<String> special = address.length == 4 ? ipv4Refusal(address) : ipv6Refusal(address, own);
        if (special.isPresent()) {
            return special;
        }
        return own.contains(address) ? Optional.of("one of this host's own addresses") : Optional.empty();
    }

    private static Optional<String> ipv4Refusal(byte[] address) {
        return SpecialPurposeAddresses.find(SpecialPurposeAddresses.IPV4, address).map(block -> "in " + block);
    }

    private static Optional<String> ipv6Refusal(byte[] address, Own own) throws RefusedDestination {
        Optional<AddressBlock> special = SpecialPurposeAddresses.find(SpecialPurposeAddresses.IPV6, address);
        if (special.isPresent()) {
            return Optional.of("in " + special.get());
        }
        Optional<Ipv4InIpv6> embedding = SpecialPurposeAddresses.embedding(address);
        if (embedding.isPresent()) {
            byte[] ipv4 = embedding.get().ipv4(address);
            String embedded = "in " + embedding.get().block() + ", carrying " + literal(ipv4);
            Optional<String> inner = refusal(ipv4, own);
            if (inner.isPresent()) {
                return Optional.of(embedded + ", " + inner.get());
            }
            return embedding.get().usable() ? Optional.empty()
                    : Optional.of(embedded + ", a form no longer routed");
        }
        if (!SpecialPurposeAddresses.IPV6_GLOBAL_UNICAST.contains(address)) {
            return Optional.of("outside " + SpecialPurposeAddresses.IPV6_GLOBAL_UNICAST);
        }
        return Optional.empty();
    }

    private static String literal(byte[] ipv4) {
        return (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The addresses of every network interface of this host, as they are now. */
    static List<InetAddress> interfaceAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .toList();
    }

    /**
     * This host's addresses, listed once per check and only when an address passed the registry (interfaces
     * change, so they are not kept). If they cannot be listed, nothing is called.
     */
    private final class Own {

        private List<InetAddress> addresses;

        boolean contains(byte[] address) throws RefusedDestination {
            if (addresses == null) {
                try {
                    addresses = ownAddresses.list();
                } catch (SocketException e) {
                    throw new RefusedDestination(Rule.PUBLIC_ADDRESS, "this host's own addresses cannot be listed ("
                            + e.getMessage() + "), so no address can be shown not to be one of them");
                }
            }
            return addresses.stream().anyMatch(own -> Arrays.equals(own.getAddress(), address));
        }
    }
}
