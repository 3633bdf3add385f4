package org.releasegovernance.notifier.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundGuardTest {

    private final OutboundGuard strict = new OutboundGuard(new OutboundProperties(false, List.of()));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://172.16.0.1/hook",
            "http://192.168.1.10/hook", "http://100.64.0.1/hook", "http://[fd00:ec2::254]/hook",
            "http://0.0.0.0/hook", "http://[fe80::1]/hook"})
    void internalAddressesAreRefusedByDefault(String url) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(RefusedDestination.class)
                .hasMessageContaining("address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/x", "/relative", "http://user:pass@93.184.216.34/x", "not a url"})
    void onlyAbsoluteHttpUrlsWithoutCredentialsAreAccepted(String url) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(RefusedDestination.class);
    }

    @Test
    void publicAddressesAreAccepted() throws Exception {
        assertThat(strict.check("https://93.184.216.34/hooks").getHost()).isEqualTo("93.184.216.34");
    }

    @Test
    void allowingLoopbackAllowsThisMachineOnly() throws Exception {
        OutboundGuard local = new OutboundGuard(new OutboundProperties(true, List.of()));
        assertThat(local.check("http://127.0.0.1:9000/hook")).isNotNull();
        assertThatThrownBy(() -> local.check("http://169.254.169.254/")).isInstanceOf(RefusedDestination.class);
        assertThatThrownBy(() -> local.check("http://10.0.0.1/")).isInstanceOf(RefusedDestination.class);
    }

    @Test
    void allowedHostsAreAcceptedWhateverTheyResolveTo() throws Exception {
        OutboundGuard guard = new OutboundGuard(new OutboundProperties(false,
                List.of("Receiver.Internal", "10.0.0.7")));
        assertThat(guard.check("http://receiver.internal/hook")).isNotNull();
        assertThat(guard.check("http://10.0.0.7/hook")).isNotNull();
        assertThatThrownBy(() -> guard.check("http://10.0.0.8/hook")).isInstanceOf(RefusedDestination.class);
    }
}
