package org.releasegovernance.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local run accepts the public demo tokens, so its services must not listen on the network by default. */
class LaunchCommandTest {

    @Test
    void servicesListenOnLoopbackByDefault() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of());

        for (Service service : Service.values()) {
            assertThat(command(settings, service)).contains("--server.address=127.0.0.1");
        }
        assertThat(settings.url(Service.GOVERNANCE)).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void theBindAddressIsConfigurable() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of("RG_BIND_ADDRESS", "0.0.0.0"));

        assertThat(command(settings, Service.AUDIT)).contains("--server.address=0.0.0.0");
        assertThat(settings.url(Service.AUDIT)).isEqualTo("http://localhost:8082");
    }

    @Test
    void anIpv6BindAddressMakesABracketedUrl() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of("RG_BIND_ADDRESS", "::1"));

        assertThat(settings.url(Service.NOTIFIER)).isEqualTo("http://[::1]:8083");
    }

    @Test
    void theConsoleListensOnTheSameAddressAndCallsTheThreeServices() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of("CONSOLE_PORT", "18080"));

        assertThat(LocalSystem.consoleCommand(settings, service -> List.of(settings.url(service)))).contains(
                "--server.address=127.0.0.1", "--server.port=18080",
                "--console.governance-url=http://127.0.0.1:8081", "--console.audit-url=http://127.0.0.1:8082",
                "--console.notifier-url=http://127.0.0.1:8083");
        assertThat(LocalSystem.consoleCommand(settings, service -> List.of(settings.url(service),
                settings.url(service).replace(":808", ":809")))).contains(
                "--console.governance-url=http://127.0.0.1:8081,http://127.0.0.1:8091");
        assertThat(settings.consoleUrl()).isEqualTo("http://127.0.0.1:18080");
    }

    @Test
    void harnessesOnFreePortsRunNoConsoleUnlessAsked() {
        LocalSettings settings = LocalSettings.onFreePorts(Path.of("data"), Path.of("."));

        assertThat(settings.hasConsole()).isFalse();
        assertThat(settings.withConsole().hasConsole()).isTrue();
    }

    @Test
    void servicesRunC1OnlyUnlessBothCompilersAreAskedFor() {
        assertThat(LocalSystem.jvmOptions(null)).containsExactly("-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1");
        assertThat(LocalSystem.jvmOptions("c2")).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThatThrownBy(() -> LocalSystem.jvmOptions("c3")).hasMessageContaining("RG_JIT must be c1");
    }

    private static List<String> command(LocalSettings settings, Service service) {
        return LocalSystem.launchCommand(settings, service, "jdbc:postgresql://localhost:5433/postgres",
                "127.0.0.1:9092");
    }
}
