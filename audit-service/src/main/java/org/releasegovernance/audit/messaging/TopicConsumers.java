package org.releasegovernance.audit.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasegovernance.intake.EventsProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain Kafka consumers of the audit topic, configured from {@code spring.kafka.*}; values are raw bytes. */
@Component
public class TopicConsumers {

    /** Records per poll of the live feed: one append transaction and one signed checkpoint each. */
    public static final int FEED_POLL_RECORDS = 1_000;

    private final KafkaProperties kafka;
    private final EventsProperties events;

    TopicConsumers(KafkaProperties kafka, EventsProperties events) {
        this.kafka = kafka;
        this.events = events;
    }

    /**
     * A new consumer.
     *
     * @param inGroup whether it commits offsets under the configured group id (the live feed) or reads without a
     *                group (a replay)
     */
    public KafkaConsumer<String, byte[]> create(boolean inGroup) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties(null));
        config.remove("spring.deserializer.value.delegate.class");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        if (inGroup) {
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, FEED_POLL_RECORDS);
        } else {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        }
        return new KafkaConsumer<>(config);
    }

    public String topic() {
        return events.auditTopic();
    }

    /**
     * The topic's one partition, empty while the topic does not exist.
     *
     * @throws IllegalStateException if the topic has more than one partition: records of different partitions have
     *                               no order between them, so neither the live log nor a replay could follow the
     *                               publisher's order
     */
    public Optional<TopicPartition> partition(KafkaConsumer<?, ?> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic(), Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return Optional.empty();
        }
        if (infos.size() > 1) {
            throw new IllegalStateException("topic " + topic() + " has " + infos.size() + " partitions; the audit log "
                    + "needs exactly one, so that every read of the topic sees the publisher's order "
                    + "(see docs/audit-log.md)");
        }
        return Optional.of(new TopicPartition(infos.get(0).topic(), infos.get(0).partition()));
    }
}
