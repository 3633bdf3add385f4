package org.releasegovernance.governance.publishing;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Reads the governance topics from their start, as any consumer would. */
public final class TopicReader {

    public static final String TOPIC = "release-governance.events";
    public static final String AUDIT_TOPIC = "release-governance.audit";

    private TopicReader() {
    }

    /** Waits until the events topic holds {@code count} records keyed by the release; returns them in order. */
    public static List<ConsumerRecord<String, CloudEvent>> awaitRecords(String bootstrapServers, String releaseId,
                                                                        int count, Duration timeout) {
        return awaitRecords(bootstrapServers, TOPIC, releaseId, count, timeout);
    }

    /** Waits until a topic holds {@code count} records keyed by the release, and returns them in order. */
    public static List<ConsumerRecord<String, CloudEvent>> awaitRecords(String bootstrapServers, String topic,
                                                                        String releaseId, int count,
                                                                        Duration timeout) {
        List<ConsumerRecord<String, CloudEvent>> found = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(timeout).until(() -> {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (releaseId.equals(record.key())) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /** How many partitions a topic has. */
    public static int partitions(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
