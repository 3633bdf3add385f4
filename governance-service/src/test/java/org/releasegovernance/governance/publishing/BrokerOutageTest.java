package org.releasegovernance.governance.publishing;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.releasegovernance.infra.KafkaServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A decision accepted while the broker is down is published once the broker is back: nothing is skipped. */
@SpringBootTest
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class BrokerOutageTest {

    private static final int BROKER_PORT = freePort();
    private static KafkaServer lateBroker;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void brokerThatIsNotThereYet(DynamicPropertyRegistry registry) {
        // an event store of its own: another cached context's publisher must not claim this one's events
        registry.add("spring.datasource.hikari.schema", () -> "governance_outage");
        registry.add("spring.flyway.schemas", () -> "governance_outage");
        registry.add("spring.flyway.default-schema", () -> "governance_outage");
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + BROKER_PORT);
        registry.add("spring.kafka.admin.properties.request.timeout.ms", () -> "2000");
        registry.add("spring.kafka.admin.properties.default.api.timeout.ms", () -> "2000");
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "2000");
    }

    @Test
    void aDecisionStoredWhileKafkaIsDownIsPublishedWhenItComesBack() throws Exception {
        mvc.perform(post("/api/releases").header("Authorization", "Bearer demo-chair")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"releaseId\":\"outage-release\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2}}"))
                .andExpect(status().isCreated());

        // a throw-away log directory that outlives this class: Kafka halts the JVM if its only log dir vanishes
        lateBroker = KafkaServer.start(BROKER_PORT, null);

        List<ConsumerRecord<String, CloudEvent>> records = TopicReader.awaitRecords(lateBroker.bootstrapServers(),
                "outage-release", 1, Duration.ofMinutes(3));
        assertThat(records).singleElement().satisfies(record ->
                assertThat(record.value().getType()).isEqualTo("org.releasegovernance.ReleaseRegistered.v1"));
    }

    @AfterAll
    static void leaveTheBrokerRunningForTheCachedContext() {
        // the cached application context keeps publishing to this broker until the JVM exits
        if (lateBroker != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(lateBroker::close));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
