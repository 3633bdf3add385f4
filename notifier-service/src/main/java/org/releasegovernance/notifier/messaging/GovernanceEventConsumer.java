package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.UnreadableEventException;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.notifier.delivery.DeliveryRecorder;
import org.releasegovernance.notifier.feed.FeedEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the deliveries each governance event calls for, and public releases in the Atom feed (both idempotent per
 * event, so a record consumed again changes nothing). The container commits the offset only after this method
 * returned, that is after the deliveries were committed; a failure is retried by the error handler, never skipped.
 */
@Component
class GovernanceEventConsumer {

    private static final Logger log = LoggerFactory.getLogger(GovernanceEventConsumer.class);

    private final DeliveryRecorder recorder;
    private final FeedEntries feed;
    private final Counter unreadable;

    GovernanceEventConsumer(DeliveryRecorder recorder, FeedEntries feed, MeterRegistry meters) {
        this.recorder = recorder;
        this.feed = feed;
        this.unreadable = UnreadableRecords.counter(meters);
    }

    @KafkaListener(topics = "${governance.events.topic:release-governance.events}")
    void consume(ConsumerRecord<String, CloudEvent> record) {
        try {
            EventEnvelope envelope = GovernanceCloudEvents.fromCloudEvent(record.value());
            recorder.record(envelope);
            feed.record(envelope);
        } catch (UnreadableEventException e) {
            // An event this contract cannot read matches no subscription; the audit service keeps the record itself.
            unreadable.increment();
            log.warn("skipped unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
