package org.releasegovernance.governance.publishing;

import io.cloudevents.CloudEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.Timestamp;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.GovernanceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox: a tracking event processor, whose token lives in the same database as the events, sends every stored
 * event to Kafka and waits for the broker's acknowledgement. A failed send throws, so the processor stops and
 * retries the same event later (see {@link PublishingConfiguration}); a stored event is published at least once
 * and never skipped. The event id stays the same on every re-publication.
 */
@Component
@ProcessingGroup(KafkaEventForwarder.PROCESSING_GROUP)
class KafkaEventForwarder {

    static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventForwarder.class);

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final PublishingProperties properties;

    KafkaEventForwarder(KafkaTemplate<String, CloudEvent> kafka, PublishingProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @EventHandler
    void forward(GovernanceEvent event, EventMessage<?> message, @SequenceNumber long sequence,
                 @Timestamp Instant storedAt, TrackingToken token)
            throws ExecutionException, InterruptedException, TimeoutException {
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("tracking token without position: " + token));
        String correlationId = (String) message.getMetaData().get("correlationId");
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), storedAt, sequence,
                position, correlationId, event);
        kafka.send(properties.topic(), event.releaseId(), GovernanceCloudEvents.toCloudEvent(envelope))
                .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        log.debug("published {} {} of release {} at position {}", envelope.typeName(), envelope.eventId(),
                event.releaseId(), position);
    }
}
