package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing on the topic is silently dropped: what cannot be read is kept with the reason, and consumption goes on. */
class UnreadableRecordsTest extends NotifierServiceTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventOfUnknownTypeAndBytesThatAreNoCloudEventAreKeptWithTheReason() {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        CloudEvent unknown = CloudEventBuilder.v1()
                .withId(eventId)
                .withType("org.releasegovernance.StageLaunched.v1")
                .withSource(URI.create("/releases/" + releaseId))
                .withData("application/json", "{\"releaseId\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .build();

        GovernanceTopic.publishCloudEvents(List.of(new ProducerRecord<>(GovernanceTopic.TOPIC, releaseId, unknown)));
        GovernanceTopic.publishBytes(releaseId, "not a cloud event".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> reasons = jdbc.sql("select reason from unreadable_record where record_key = ? order by id")
                    .param(releaseId).query(String.class).list();
            assertThat(reasons).hasSize(2).allSatisfy(reason -> assertThat(reason).isNotBlank());
        });
        assertThat(jdbc.sql("select cloud_event_type from unreadable_record where event_id = ?").param(eventId)
                .query(String.class).single()).isEqualTo("org.releasegovernance.StageLaunched.v1");
        // binary mode: the CloudEvents attributes travel as headers, and the record keeps them
        assertThat(jdbc.sql("select headers->>'ce_type' from unreadable_record where event_id = ?").param(eventId)
                .query(String.class).single()).isEqualTo("org.releasegovernance.StageLaunched.v1");
    }
}
