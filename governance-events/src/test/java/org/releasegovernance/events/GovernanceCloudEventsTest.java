package org.releasegovernance.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GovernanceCloudEventsTest {

    private final UUID eventId = UUID.fromString("6f1c1a4e-8a43-4c59-9a49-2f0e5c1f0b7a");
    private final Instant storedAt = Instant.parse("2019-11-05T16:00:00Z");

    @Test
    void stageEventMapsToTheCloudEventsAttributesConsumersRelyOn() {
        CloudEvent cloudEvent = GovernanceCloudEvents.toCloudEvent(
                new EventEnvelope(eventId, storedAt, 5, 42, "corr-1", Gpt2.stage117MReleased()));

        assertThat(cloudEvent.getId()).isEqualTo(eventId.toString());
        assertThat(cloudEvent.getType()).isEqualTo("org.releasegovernance.StageReleased.v1");
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/releases/gpt-2"));
        assertThat(cloudEvent.getSubject()).isEqualTo("117M");
        assertThat(cloudEvent.getTime().toInstant()).isEqualTo(storedAt);
        assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
        assertThat(cloudEvent.getExtension("sequence")).isEqualTo(5L);
        assertThat(cloudEvent.getExtension("position")).isEqualTo(42L);
        assertThat(cloudEvent.getExtension("actor")).isEqualTo("chair");
        assertThat(cloudEvent.getExtension("correlationid")).isEqualTo("corr-1");
    }

    @Test
    void releaseEventHasNoSubject() {
        CloudEvent cloudEvent = GovernanceCloudEvents.toCloudEvent(
                new EventEnvelope(eventId, storedAt, 0, 1, null, Gpt2.registered()));

        assertThat(cloudEvent.getSubject()).isNull();
        assertThat(cloudEvent.getExtensionNames()).doesNotContain("correlationid");
    }

    @Test
    void everyEventSurvivesTheKafkaBindingUnchanged() {
        long sequence = 0;
        for (GovernanceEvent event : Gpt2.stage117MStory()) {
            EventEnvelope sent = new EventEnvelope(UUID.randomUUID(), storedAt, sequence, sequence + 10, "corr",
                    event);

            EventEnvelope received = throughKafkaBinding(GovernanceCloudEvents.toCloudEvent(sent));

            assertThat(received).isEqualTo(sent);
            sequence++;
        }
    }

    @Test
    void unknownTypeIsRefusedByName() {
        CloudEvent foreign = CloudEventBuilder.v1().withId("x-1").withType("com.example.Other.v1")
                .withSource(URI.create("/elsewhere")).withTime(storedAt.atOffset(java.time.ZoneOffset.UTC))
                .withData("application/json", "{}".getBytes()).build();

        assertThatThrownBy(() -> GovernanceCloudEvents.fromCloudEvent(foreign))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("com.example.Other.v1");
    }

    private static EventEnvelope throughKafkaBinding(CloudEvent cloudEvent) {
        try (CloudEventSerializer serializer = new CloudEventSerializer();
             CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            serializer.configure(Map.of(), false);
            deserializer.configure(Map.of(), false);
            RecordHeaders headers = new RecordHeaders();
            byte[] bytes = serializer.serialize("release-governance.events", headers, cloudEvent);
            return GovernanceCloudEvents.fromCloudEvent(
                    deserializer.deserialize("release-governance.events", headers, bytes));
        }
    }
}
