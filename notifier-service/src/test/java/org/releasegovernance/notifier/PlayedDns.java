package org.releasegovernance.notifier;

import org.releasegovernance.notifier.outbound.HostResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSRF guard's resolver in tests: names a test has scripted get its answer (which it may change, as a DNS
 * server may), every other name the system's. Only the guard asks it; the HTTP client never reaches a scripted name.
 */
public class PlayedDns implements HostResolver {

    private static final Map<String, InetAddress[]> ANSWERS = new ConcurrentHashMap<>();

    /** From now on, {@code host} resolves to these address literals. */
    public static void answer(String host, String... literals) throws UnknownHostException {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        ANSWERS.put(host, addresses);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] scripted = ANSWERS.get(host);
        return scripted != null ? scripted.clone() : SYSTEM.resolve(host);
    }
}
