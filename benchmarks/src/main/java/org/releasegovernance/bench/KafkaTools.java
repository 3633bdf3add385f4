package org.releasegovernance.bench;

import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Topic creation, producer settings as governance-service's, and consumer lag. */
final class KafkaTools {

    interface LongSupplierWithException {
        long get() throws Exception;
    }

    static final String EVENTS_TOPIC = "release-governance.events";
    static final String AUDIT_TOPIC = "release-governance.audit";

    private KafkaTools() {
    }

    static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(properties);
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e.getCause());
            }
        }
    }

    /** The producer settings governance-service publishes with (acks=all, idempotence, CloudEvents binary mode). */
    static Properties producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }

    /** Records not yet consumed on a topic, summed over every consumer group reading it. */
    static long lag(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            List<String> groups = admin.listConsumerGroups().all().get().stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toList());
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            long lag = 0;
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean reads = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(topic));
                if (!reads) {
                    continue;
                }
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    lag += end.getValue() - (offset == null ? 0 : offset.offset());
                }
            }
            return lag;
        }
    }

    /** Records on the topic (the sum of its partitions' end offsets). */
    static long published(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long sum = 0;
            for (var info : admin.listOffsets(latest).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    /**
     * Waits until the pipeline is idle: governance-service has published every stored event (the topic holds at
     * least as many records as the event store holds events) and every consumer group has read the whole topic,
     * two readings a second apart; or the time is up.
     *
     * @param storedEvents how many events the event store holds now
     */
    static boolean awaitIdle(String bootstrap, String topic, LongSupplierWithException storedEvents,
                             Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            boolean idle = published(bootstrap, topic) >= storedEvents.get() && lag(bootstrap, topic) == 0;
            quiet = idle ? quiet + 1 : 0;
            if (quiet >= 2) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }
}
