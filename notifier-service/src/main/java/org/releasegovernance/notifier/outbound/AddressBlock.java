package org.releasegovernance.notifier.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One block of addresses as an IANA registry lists it: its prefix, name and defining RFC, and whether the registry
 * marks it globally reachable.
 */
final class AddressBlock {

    private final String prefix;
    private final String name;
    private final String rfc;
    private final boolean globallyReachable;
    private final byte[] network;
    private final int length;

    private AddressBlock(String prefix, String name, String rfc, boolean globallyReachable) {
        this.prefix = prefix;
        this.name = name;
        this.rfc = rfc;
        this.globallyReachable = globallyReachable;
        int slash = prefix.indexOf('/');
        this.network = bytesOf(prefix.substring(0, slash));
        this.length = Integer.parseInt(prefix.substring(slash + 1));
        if (length > network.length * 8) {
            throw new IllegalArgumentException("prefix length beyond the address: " + prefix);
        }
    }

    /** A block the registry does not mark globally reachable. */
    static AddressBlock of(String prefix, String name, String rfc) {
        return new AddressBlock(prefix, name, rfc, false);
    }

    /** A block the registry marks globally reachable (the guard refuses it all the same; see the registry class). */
    static AddressBlock reachable(String prefix, String name, String rfc) {
        return new AddressBlock(prefix, name, rfc, true);
    }

    /** Whether the address (4 or 16 bytes) lies in this block. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = length / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    String prefix() {
        return prefix;
    }

    boolean globallyReachable() {
        return globallyReachable;
    }

    @Override
    public String toString() {
        return prefix + " (" + name + ", " + rfc + ")";
    }

    /**
     * The 4 or 16 bytes of an address literal. IPv6 literals stay 16 bytes even when Java would turn them into an
     * IPv4 address ({@code ::ffff:0:0}).
     */
    private static byte[] bytesOf(String literal) {
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (literal.contains(":") && bytes.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + literal, e);
        }
    }
}
