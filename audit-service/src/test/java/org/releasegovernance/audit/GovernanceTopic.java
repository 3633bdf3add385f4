package org.releasegovernance.audit;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.Topics;
import org.releasegovernance.infra.TestInfrastructure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Publishes to the audit topic the way governance-service does: CloudEvents keyed by release id. */
public final class GovernanceTopic {

    public static final String TOPIC = Topics.AUDIT;

    private static KafkaProducer<String, CloudEvent> cloudEvents;
    private static KafkaProducer<String, byte[]> rawRecords;

    private GovernanceTopic() {
    }

    /** Publishes the events in order and waits for the broker's acknowledgements. */
    public static List<CloudEvent> publish(List<EventEnvelope> envelopes) {
        List<CloudEvent> published = envelopes.stream().map(GovernanceCloudEvents::toCloudEvent).toList();
        for (int i = 0; i < envelopes.size(); i++) {
            publish(envelopes.get(i).event().releaseId(), published.get(i));
        }
        return published;
    }

    /** Publishes many events in order without waiting for each acknowledgement, then waits for all of them. */
    public static void publishAll(List<EventEnvelope> envelopes) {
        KafkaProducer<String, CloudEvent> producer = cloudEventProducer();
        List<Future<?>> sends = envelopes.stream()
                .<Future<?>>map(envelope -> producer.send(new ProducerRecord<>(TOPIC, envelope.event().releaseId(),
                        GovernanceCloudEvents.toCloudEvent(envelope))))
                .toList();
        sends.forEach(GovernanceTopic::await);
    }

    /** Publishes one CloudEvent, as is, and waits for the broker's acknowledgement. */
    public static void publish(String releaseId, CloudEvent cloudEvent) {
        await(cloudEventProducer().send(new ProducerRecord<>(TOPIC, releaseId, cloudEvent)));
    }

    /** Publishes bytes that are not a CloudEvent. */
    public static void publishRaw(String releaseId, byte[] value) {
        await(rawProducer().send(new ProducerRecord<>(TOPIC, releaseId, value)));
    }

    private static synchronized KafkaProducer<String, CloudEvent> cloudEventProducer() {
        if (cloudEvents == null) {
            cloudEvents = new KafkaProducer<>(config(), new StringSerializer(), new CloudEventSerializer());
        }
        return cloudEvents;
    }

    private static synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawRecords == null) {
            rawRecords = new KafkaProducer<>(config(), new StringSerializer(), new ByteArraySerializer());
        }
        return rawRecords;
    }

    private static Map<String, Object> config() {
        // idempotent, as governance-service's producer: records of one partition stay in the order they were sent
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    private static void await(Future<?> send) {
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not accept the record", e.getCause());
        }
    }
}
