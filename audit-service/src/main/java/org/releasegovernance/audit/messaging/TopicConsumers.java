package org.releasegovernance.audit.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plain Kafka consumers of the governance topic, configured from {@code spring.kafka.*}; values are raw bytes. */
@Component
public class TopicConsumers {

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
        if (!inGroup) {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        }
        return new KafkaConsumer<>(config);
    }

    public String topic() {
        return events.topic();
    }

    /** The topic's partitions, empty while it does not exist. */
    public List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        var infos = consumer.partitionsFor(topic(), Duration.ofSeconds(10));
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /** Each partition's consumer position: the next offset it will read. */
    public static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
        return positions;
    }
}
