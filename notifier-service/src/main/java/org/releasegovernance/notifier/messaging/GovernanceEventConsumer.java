package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.UnreadableEventException;
import org.releasegovernance.notifier.delivery.DeliveryRecorder;
import org.releasegovernance.notifier.feed.FeedEntries;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the deliveries each governance event calls for, and public releases in the Atom feed (both idempotent per
 * event, so a record consumed again changes nothing). The container commits the offset only after this method
 * returned, that is after the deliveries were committed; a failure propagates so the error handler retries the same
 * record, never skipping it. An event this contract cannot read is stored as unreadable, then passed.
 */
@Component
class GovernanceEventConsumer {

    private static final String CORRELATION_ID = "correlationId";

    private final DeliveryRecorder recorder;
    private final FeedEntries feed;
    private final UnreadableRecords unreadableRecords;

    GovernanceEventConsumer(DeliveryRecorder recorder, FeedEntries feed, UnreadableRecords unreadableRecords) {
        this.recorder = recorder;
        this.feed = feed;
        this.unreadableRecords = unreadableRecords;
    }

    @KafkaListener(topics = "${governance.events.topic:release-governance.events}")
    void consume(ConsumerRecord<String, CloudEvent> record) {
        CloudEvent cloudEvent = record.value();
        EventEnvelope envelope;
        try {
            envelope = GovernanceCloudEvents.fromCloudEvent(cloudEvent);
        } catch (UnreadableEventException e) {
            unreadableRecords.store(record, e.getMessage(), cloudEvent.getId(), cloudEvent.getType(),
                    cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes());
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable(CORRELATION_ID,
                envelope.correlationId() == null ? "" : envelope.correlationId())) {
            recorder.record(envelope);
            feed.record(envelope);
        }
    }
}
