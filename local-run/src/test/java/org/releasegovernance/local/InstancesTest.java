package org.releasegovernance.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code RG_INSTANCES}: unset is the single-instance run of always; anything but 1 to 4 is refused by name. */
class InstancesTest {

    @Test
    void unsetMeansOneInstanceAsAlways() {
        assertThat(Instances.fromEnvironment(Map.of())).isEqualTo(Instances.ONE);
        assertThat(Instances.fromEnvironment(Map.of("RG_INSTANCES", " 1 ")).many()).isFalse();
    }

    @Test
    void twoInstancesPutTheSecondTenPortsAbove() {
        Instances two = Instances.fromEnvironment(Map.of("RG_INSTANCES", "2"));

        assertThat(two.count()).isEqualTo(2);
        assertThat(two.portStep()).isEqualTo(10);
        assertThat(Instances.fromEnvironment(Map.of("RG_INSTANCES", "2", "RG_INSTANCE_PORT_STEP", "100")).portStep())
                .isEqualTo(100);
    }

    @Test
    void anythingButOneToFourIsRefusedByName() {
        for (String value : List.of("0", "5", "-1", "two", "1.5", "99999999999")) {
            assertThatThrownBy(() -> Instances.fromEnvironment(Map.of("RG_INSTANCES", value)))
                    .as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RG_INSTANCES must be a whole number from 1 to 4")
                    .hasMessageContaining("'" + value + "'");
        }
        assertThatThrownBy(() -> Instances.fromEnvironment(Map.of("RG_INSTANCES", "2",
                "RG_INSTANCE_PORT_STEP", "0"))).hasMessageContaining("RG_INSTANCE_PORT_STEP");
    }

    @Test
    void anInstanceIsStartedWithItsIdAndPortAndTheSingleRunWithout() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of());

        List<String> second = LocalSystem.launchCommand(settings, Service.AUDIT, 8092, "audit-service-2",
                "jdbc:postgresql://localhost:5433/postgres", "127.0.0.1:9092");
        assertThat(second).contains("--server.port=8092", "--spring.application.instance-id=audit-service-2",
                "--spring.kafka.client-id=audit-service-2");

        List<String> single = LocalSystem.launchCommand(settings, Service.AUDIT,
                "jdbc:postgresql://localhost:5433/postgres", "127.0.0.1:9092");
        assertThat(single).contains("--server.port=8082")
                .noneMatch(argument -> argument.startsWith("--spring.application.instance-id"))
                .noneMatch(argument -> argument.startsWith("--spring.kafka.client-id"));
    }
}
