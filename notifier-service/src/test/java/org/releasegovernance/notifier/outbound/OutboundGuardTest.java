package org.releasegovernance.notifier.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegovernance.notifier.outbound.RefusedDestination.Rule;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard only resolves names; no test here opens a connection. */
class OutboundGuardTest {

    private final OutboundGuard strict = guard(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://172.16.0.1/hook",
            "http://192.168.1.10/hook", "http://100.64.0.1/hook", "http://[fd00:ec2::254]/hook",
            "http://0.0.0.0/hook", "http://[fe80::1]/hook"})
    void internalAddressesAreRefusedByDefault(String url) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("address");
    }

    /** Each address of issue 10 (defect 5), accepted before the allow-list; the refusal names the block. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://[::10.0.0.1]/            | in ::/96 (IPv4-compatible Address, deprecated, RFC 4291 section 2.5.5.1)
            http://[::10.0.0.1]/            | carrying 10.0.0.1, in 10.0.0.0/8 (Private-Use, RFC 1918)
            http://[64:ff9b::10.0.0.1]/     | in 64:ff9b::/96 (IPv4-IPv6 Translat. (NAT64), RFC 6052), carrying 10.0.0.1
            http://[2002:a00:1::]/          | in 2002::/16 (6to4, RFC 3056), carrying 10.0.0.1, in 10.0.0.0/8
            http://192.0.2.1/hook           | in 192.0.2.0/24 (Documentation (TEST-NET-1), RFC 5737)
            http://[2001:db8::1]/hook       | in 2001:db8::/32 (Documentation, RFC 3849)
            """)
    void specialPurposeAddressesAndIpv4HiddenInIpv6AreRefused(String url, String reason) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("address")
                .hasMessageContaining(reason)
                .extracting(refused -> ((RefusedDestination) refused).rule()).isEqualTo(Rule.PUBLIC_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.1", "10.0.0.1", "100.127.255.254", "127.0.0.2", "169.254.0.1", "172.31.255.255",
            "192.0.0.9", "192.0.0.170", "192.0.2.255", "192.31.196.1", "192.52.193.1", "192.88.99.1",
            "192.168.255.255", "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.7",
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "[::]", "[::ffff:169.254.169.254]", "[::93.184.215.14]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b::7f00:1]",
            "[64:ff9b:1::a00:1]", "[100::1]", "[2001::1]", "[2001:1::1]", "[2001:2::1]", "[2001:3::1]",
            "[2001:4:112::1]", "[2001:20::1]", "[2001:1ff::1]", "[2002:c0a8:101::1]", "[2002:a9fe:a9fe::]",
            "[2620:4f:8000::1]", "[3fff::1]", "[3fff:fff::1]", "[4000::1]", "[5f00::1]", "[fc00::1]", "[fe80::1]",
            "[ff02::1]", "[ff0e::1]", "[1::1]", "[e000::1]"})
    void everythingButGloballyRoutableUnicastIsRefused(String host) {
        assertThatThrownBy(() -> strict.check("https://" + host + "/hook")).isInstanceOf(RefusedDestination.class)
                .extracting(refused -> ((RefusedDestination) refused).rule()).isEqualTo(Rule.PUBLIC_ADDRESS);
    }

    @Test
    void everyRegistryBlockIsRefusedAlsoWhereTheRegistryMarksItGloballyReachable() {
        List<AddressBlock> blocks = Stream.of(SpecialPurposeAddresses.IPV4, SpecialPurposeAddresses.IPV6)
                .flatMap(List::stream).toList();
        assertThat(blocks).anyMatch(AddressBlock::globallyReachable);
        for (AddressBlock block : blocks) {
            String network = block.prefix().substring(0, block.prefix().indexOf('/'));
            String url = "https://" + (network.contains(":") ? "[" + network + "]" : network) + "/hook";
            assertThatThrownBy(() -> strict.check(url)).as(block.toString())
                    .isInstanceOf(RefusedDestination.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hooks", "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hooks",
            "http://93.184.215.14:65535/hooks", "http://93.184.215.14:1/hooks",
            "https://[2a00:1450:4001:82b::200e]/", "https://[64:ff9b::5db8:d70e]/hooks",
            "https://[2002:5db8:d70e::1]/hooks", "https://[::ffff:93.184.215.14]/"})
    void globallyRoutableUnicastAddressesAreAccepted(String url) throws Exception {
        assertThat(strict.check(url).toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://93.184.215.14:0/hook           | port 0 is outside 1-65535
            http://93.184.215.14:65536/hook       | port 65536 is outside 1-65535
            http://93.184.215.14:99999999999/hook | port 99999999999 is outside 1-65535
            http://allowed.example:0/hook         | port 0 is outside 1-65535
            """)
    void portsOutsideOneTo65535AreRefused(String url, String reason) {
        OutboundGuard guard = guard(false, "allowed.example");
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(RefusedDestination.class)
                .hasMessage(reason)
                .extracting(refused -> ((RefusedDestination) refused).rule()).isEqualTo(Rule.PORT_IN_RANGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ftp://93.184.216.34/x            | HTTP_OR_HTTPS
            /relative                        | HTTP_OR_HTTPS
            http://user:pass@93.184.216.34/x | NO_USER_INFO
            http://user@allowed.example/x    | NO_USER_INFO
            http://user@under_score/x        | NO_USER_INFO
            http://under_score/x             | HOST_REQUIRED
            not a url                        | VALID_URL
            https://unresolvable.invalid/x   | RESOLVABLE_HOST
            """)
    void onlyAbsoluteHttpUrlsWithAHostAndWithoutCredentialsAreAccepted(String url, Rule rule) {
        OutboundGuard guard = new OutboundGuard(new OutboundProperties(false, List.of("allowed.example")), host -> {
            throw new UnknownHostException(host);
        }, OutboundGuard::interfaceAddresses);
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(RefusedDestination.class)
                .extracting(refused -> ((RefusedDestination) refused).rule()).isEqualTo(rule);
    }

    @Test
    void everyAddressOfThisHostsOwnInterfacesIsRefusedEvenWithLoopbackAllowed() throws Exception {
        List<String> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress())
                .map(OutboundGuardTest::urlOf)
                .toList();
        assertThat(own).as("this host has a non-loopback interface address to test with").isNotEmpty();
        OutboundGuard local = guard(true);
        for (String url : own) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(RefusedDestination.class);
            assertThatThrownBy(() -> local.check(url)).as(url).isInstanceOf(RefusedDestination.class);
        }
    }

    @Test
    void aPublicAddressOfThisHostIsRefusedAlsoInsideIpv6() throws Exception {
        List<InetAddress> own = List.of(InetAddress.getByName("9.9.9.9"), InetAddress.getByName("2620:fe::fe"));
        OutboundGuard guard = new OutboundGuard(new OutboundProperties(true, List.of()), HostResolver.SYSTEM,
                () -> own);
        for (String url : List.of("http://9.9.9.9/", "http://[2620:fe::fe]/", "http://[64:ff9b::909:909]/",
                "http://[2002:909:909::1]/")) {
            assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(RefusedDestination.class)
                    .hasMessageContaining("one of this host's own addresses");
        }
        assertThat(guard.check("http://93.184.215.14/")).isNotNull();
    }

    @Test
    void whenThisHostsAddressesCannotBeListedNothingIsCalled() {
        OutboundGuard guard = new OutboundGuard(new OutboundProperties(false, List.of()), HostResolver.SYSTEM, () -> {
            throw new SocketException("no interfaces");
        });
        assertThatThrownBy(() -> guard.check("https://93.184.215.14/")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("cannot be listed");
    }

    @Test
    void oneRefusedAddressAmongAHostsAddressesRefusesTheHost() throws Exception {
        OutboundGuard guard = new OutboundGuard(new OutboundProperties(false, List.of()),
                host -> new InetAddress[]{InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.1")},
                OutboundGuard::interfaceAddresses);
        assertThatThrownBy(() -> guard.check("https://hooks.example/x")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("host hooks.example has the address 10.0.0.1, in 10.0.0.0/8");
    }

    @Test
    void allowingLoopbackAllowsThisMachinesLoopbackOnly() throws Exception {
        OutboundGuard local = guard(true);
        assertThat(local.check("http://127.0.0.1:9000/hook")).isNotNull();
        assertThat(local.check("http://[::1]:9000/hook")).isNotNull();
        assertThat(local.check("http://localhost:9000/hook")).isNotNull();
        assertThatThrownBy(() -> local.check("http://169.254.169.254/")).isInstanceOf(RefusedDestination.class);
        assertThatThrownBy(() -> local.check("http://10.0.0.1/")).isInstanceOf(RefusedDestination.class);
        assertThatThrownBy(() -> local.check("http://[64:ff9b::127.0.0.1]/")).as("a NAT64 gateway's loopback")
                .isInstanceOf(RefusedDestination.class);
        assertThatThrownBy(() -> strict.check("http://127.0.0.1/")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("127.0.0.0/8 (Loopback").hasMessageContaining("notifier.outbound.allow-loopback");
    }

    @Test
    void allowedHostsAreAcceptedWhateverTheyResolveTo() throws Exception {
        OutboundGuard guard = guard(false, "Receiver.Internal", "10.0.0.7");
        assertThat(guard.check("http://receiver.internal/hook")).isNotNull();
        assertThat(guard.check("http://10.0.0.7/hook")).isNotNull();
        assertThatThrownBy(() -> guard.check("http://10.0.0.8/hook")).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("notifier.outbound.allowed-hosts");
    }

    private static OutboundGuard guard(boolean allowLoopback, String... allowedHosts) {
        return new OutboundGuard(new OutboundProperties(allowLoopback, List.of(allowedHosts)), HostResolver.SYSTEM,
                OutboundGuard::interfaceAddresses);
    }

    private static String urlOf(InetAddress address) {
        String literal = address.getHostAddress().replaceAll("%.*$", "");
        return "http://" + (literal.contains(":") ? "[" + literal + "]" : literal) + "/hook";
    }
}
