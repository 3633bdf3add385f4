package org.releasegovernance.governance.publishing;

import io.cloudevents.CloudEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.GovernanceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox: a tracking event processor, whose token lives in the same database as the events, sends every stored
 * event to Kafka, twice: to the events topic (partitioned by release, for subscribers) and to the audit topic (one
 * partition, in publication order). It sends a whole batch of the processor without waiting, in order, and before
 * the batch's transaction (which moves the token) commits, waits until the broker has acknowledged every record of
 * it. A failed send fails the batch: the token stays, and the processor retries the same events later (see
 * {@link PublishingConfiguration}). So a stored event is published at least once to both and never skipped, each
 * partition (an idempotent producer) holds the events in the order they were handled, and the event id stays the
 * same on every re-publication.
 */
@Component
@ProcessingGroup(KafkaEventForwarder.PROCESSING_GROUP)
class KafkaEventForwarder {

    static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING_SENDS = KafkaEventForwarder.class.getName() + ".pendingSends";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventForwarder.class);

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final PublishingProperties properties;

    KafkaEventForwarder(KafkaTemplate<String, CloudEvent> kafka, PublishingProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @EventHandler
    void forward(GovernanceEvent event, EventMessage<?> message, @SequenceNumber long sequence,
                 @Timestamp Instant storedAt, TrackingToken token) {
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("tracking token without position: " + token));
        String correlationId = (String) message.getMetaData().get("correlationId");
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), storedAt, sequence,
                position, correlationId, event);
        CloudEvent cloudEvent = GovernanceCloudEvents.toCloudEvent(envelope);
        List<CompletableFuture<?>> sends = pendingSends();
        sends.add(kafka.send(properties.topic(), event.releaseId(), cloudEvent));
        sends.add(kafka.send(properties.auditTopic(), event.releaseId(), cloudEvent));
        log.debug("publishing {} {} of release {} at position {}", envelope.typeName(), envelope.eventId(),
                event.releaseId(), position);
    }

    /** The sends of the current batch; the first call in a batch registers the wait for their acknowledgements. */
    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublicationFailed("interrupted while waiting for the broker's acknowledgements", e);
        } catch (ExecutionException e) {
            throw new EventPublicationFailed("the broker did not accept the batch's events", e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublicationFailed("no acknowledgement within " + properties.sendTimeout(), e);
        }
        log.debug("published {} records", sends.size());
    }

    /** A batch's events did not all reach the broker; the processor retries the batch. */
    static final class EventPublicationFailed extends RuntimeException {

        EventPublicationFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
