package org.releasegovernance.notifier.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to the addresses the guard checks: the system resolver, the one the HTTP client uses too.
 * Tests declare a bean of their own to play a DNS answer that changes between saving and sending.
 */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
