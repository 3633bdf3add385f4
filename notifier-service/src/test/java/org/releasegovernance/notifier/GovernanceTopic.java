package org.releasegovernance.notifier;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.infra.TestInfrastructure;
import org.releasegovernance.events.Topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** Publishes governance events the way governance-service does: CloudEvents keyed by release id. */
public final class GovernanceTopic {

    public static final String TOPIC = Topics.EVENTS;
    private static long position = 1_000_000;

    private GovernanceTopic() {
    }

    /** Wraps events of one release into envelopes with fresh ids, sequences from 0 and rising positions. */
    public static synchronized List<EventEnvelope> envelopes(List<GovernanceEvent> events) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            envelopes.add(new EventEnvelope(UUID.randomUUID(), Instant.now(), sequence, position++, "test",
                    events.get(sequence)));
        }
        return envelopes;
    }

    /**
     * Sends events to a topic as fast as the producer goes (no wait per record), each stamped with the moment it was
     * handed to the producer, so a receiver can measure the time from Kafka to itself.
     */
    public static void publishBurst(String topic, List<GovernanceEvent> events) {
        publishPaced(topic, events, 0);
    }

    /** Like {@link #publishBurst}, but at most {@code perSecond} events a second (0: no limit). */
    public static void publishPaced(String topic, List<GovernanceEvent> events, int perSecond) {
        long start = System.nanoTime();
        int index = 0;
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new CloudEventSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (GovernanceEvent event : events) {
                if (perSecond > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(
                            start + index++ * 1_000_000_000L / perSecond - System.nanoTime());
                }
                EventEnvelope envelope;
                synchronized (GovernanceTopic.class) {
                    envelope = new EventEnvelope(UUID.randomUUID(), Instant.now(), 0, position++, "burst", event);
                }
                sent.add(producer.send(new ProducerRecord<>(topic, event.releaseId(),
                        GovernanceCloudEvents.toCloudEvent(envelope))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to the test broker failed", e);
        }
    }

    public static void publish(List<EventEnvelope> envelopes) {
        publishCloudEvents(envelopes.stream().map(envelope -> new ProducerRecord<>(TOPIC,
                envelope.event().releaseId(), GovernanceCloudEvents.toCloudEvent(envelope))).toList());
    }

    /** Publishes CloudEvents as they are, readable governance events or not. */
    public static void publishCloudEvents(List<ProducerRecord<String, CloudEvent>> records) {
        send(new KafkaProducer<>(producerSettings(), new StringSerializer(), new CloudEventSerializer()), records);
    }

    /** Publishes bytes that are no CloudEvent at all. */
    public static void publishBytes(String key, byte[] value) {
        send(new KafkaProducer<>(producerSettings(), new StringSerializer(), new ByteArraySerializer()),
                List.of(new ProducerRecord<>(TOPIC, key, value)));
    }

    private static Map<String, Object> producerSettings() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
    }

    private static <V> void send(KafkaProducer<String, V> producer, List<ProducerRecord<String, V>> records) {
        try (producer) {
            for (ProducerRecord<String, V> record : records) {
                producer.send(record).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to the test broker failed", e);
        }
    }
}
