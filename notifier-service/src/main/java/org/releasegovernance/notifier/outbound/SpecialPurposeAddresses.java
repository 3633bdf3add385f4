package org.releasegovernance.notifier.outbound;

import java.util.List;
import java.util.Optional;

/**
 * The address blocks the notifier never calls, as data, so that a reader can check them line by line against
 * the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry, .../iana-ipv6-special-registry) and the two
 * multicast registries. Entries nested in a listed block (e.g. 192.0.0.8/32 in 192.0.0.0/24) are covered by it.
 * <p>
 * Everything listed is refused, also where the registry marks a block globally reachable
 * ({@link AddressBlock#reachable}): those are anycast service addresses (PCP, TURN, AS112, AMT, DNS-SD) or
 * identifiers that are not locators (ORCHIDv2, DRIP), never a subscriber's receiver, and refusing them keeps
 * IPv4 and IPv6 alike. An IPv6 address must moreover lie in 2000::/3, the global unicast space.
 */
final class SpecialPurposeAddresses {

    static final List<AddressBlock> IPV4 = List.of(
            AddressBlock.of("0.0.0.0/8", "\"This network\"", "RFC 791 section 3.2"),
            AddressBlock.of("10.0.0.0/8", "Private-Use", "RFC 1918"),
            AddressBlock.of("100.64.0.0/10", "Shared Address Space", "RFC 6598"),
            AddressBlock.of("127.0.0.0/8", "Loopback", "RFC 1122 section 3.2.1.3"),
            AddressBlock.of("169.254.0.0/16", "Link Local", "RFC 3927"),
            AddressBlock.of("172.16.0.0/12", "Private-Use", "RFC 1918"),
            AddressBlock.of("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 section 2.1"),
            AddressBlock.of("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737"),
            AddressBlock.reachable("192.31.196.0/24", "AS112-v4", "RFC 7535"),
            AddressBlock.reachable("192.52.193.0/24", "AMT", "RFC 7450"),
            AddressBlock.of("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
            AddressBlock.of("192.168.0.0/16", "Private-Use", "RFC 1918"),
            AddressBlock.reachable("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534"),
            AddressBlock.of("198.18.0.0/15", "Benchmarking", "RFC 2544"),
            AddressBlock.of("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737"),
            AddressBlock.of("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737"),
            AddressBlock.of("224.0.0.0/4", "Multicast (IPv4 Multicast Address Space Registry)", "RFC 5771"),
            AddressBlock.of("240.0.0.0/4", "Reserved", "RFC 1112 section 4"),
            AddressBlock.of("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919 section 7"));

    /** Checked before {@link #IPV6_WITH_IPV4}, since :: and ::1 also lie in ::/96. */
    static final List<AddressBlock> IPV6 = List.of(
            AddressBlock.of("::/128", "Unspecified Address", "RFC 4291"),
            AddressBlock.of("::1/128", "Loopback Address", "RFC 4291"),
            AddressBlock.of("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local-use; the operator chooses where the "
                    + "IPv4 address sits)", "RFC 8215"),
            AddressBlock.of("100::/64", "Discard-Only Address Block", "RFC 6666"),
            AddressBlock.of("2001::/32", "TEREDO", "RFC 4380, RFC 8190"),
            AddressBlock.reachable("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723"),
            AddressBlock.reachable("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155"),
            AddressBlock.reachable("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665"),
            AddressBlock.of("2001:2::/48", "Benchmarking", "RFC 5180"),
            AddressBlock.reachable("2001:3::/32", "AMT", "RFC 7450"),
            AddressBlock.reachable("2001:4:112::/48", "AS112-v6", "RFC 7535"),
            AddressBlock.of("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843"),
            AddressBlock.reachable("2001:20::/28", "ORCHIDv2", "RFC 7343"),
            AddressBlock.reachable("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374"),
            AddressBlock.of("2001::/23", "IETF Protocol Assignments", "RFC 2928"),
            AddressBlock.of("2001:db8::/32", "Documentation", "RFC 3849"),
            AddressBlock.reachable("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534"),
            AddressBlock.of("3fff::/20", "Documentation", "RFC 9637"),
            AddressBlock.of("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602"),
            AddressBlock.of("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190"),
            AddressBlock.of("fe80::/10", "Link-Local Unicast", "RFC 4291"),
            AddressBlock.of("ff00::/8", "Multicast (IPv6 Multicast Address Space Registry)", "RFC 4291"));

    /** IPv6 blocks that carry an IPv4 address; that address is taken out and checked in the IPv6 one's place. */
    static final List<Ipv4InIpv6> IPV6_WITH_IPV4 = List.of(
            new Ipv4InIpv6(AddressBlock.of("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291"), 12, true),
            new Ipv4InIpv6(AddressBlock.of("::/96", "IPv4-compatible Address, deprecated",
                    "RFC 4291 section 2.5.5.1"), 12, false),
            new Ipv4InIpv6(AddressBlock.reachable("64:ff9b::/96", "IPv4-IPv6 Translat. (NAT64)", "RFC 6052"), 12,
                    true),
            new Ipv4InIpv6(AddressBlock.of("2002::/16", "6to4", "RFC 3056"), 2, true));

    /** IPv6 global unicast (IANA IPv6 Address Space registry); nothing outside it is called. */
    static final AddressBlock IPV6_GLOBAL_UNICAST = AddressBlock.reachable("2000::/3", "Global Unicast",
            "RFC 4291 section 2.4");

    /**
     * An IPv6 block embedding an IPv4 address.
     *
     * @param block  the IPv6 block
     * @param offset the byte at which the 4 bytes of the IPv4 address start
     * @param usable whether an address in it may be called when its IPv4 address may; the deprecated
     *               IPv4-compatible form is refused whatever it embeds
     */
    record Ipv4InIpv6(AddressBlock block, int offset, boolean usable) {

        byte[] ipv4(byte[] ipv6) {
            byte[] ipv4 = new byte[4];
            System.arraycopy(ipv6, offset, ipv4, 0, 4);
            return ipv4;
        }
    }

    private SpecialPurposeAddresses() {
    }

    /** The first listed block holding the address (4 or 16 bytes), if any. */
    static Optional<AddressBlock> find(List<AddressBlock> blocks, byte[] address) {
        return blocks.stream().filter(block -> block.contains(address)).findFirst();
    }

    /** The IPv4-carrying IPv6 block holding the address, if any. */
    static Optional<Ipv4InIpv6> embedding(byte[] ipv6) {
        return IPV6_WITH_IPV4.stream().filter(embedding -> embedding.block().contains(ipv6)).findFirst();
    }
}
