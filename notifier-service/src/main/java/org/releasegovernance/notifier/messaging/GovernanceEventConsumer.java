package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.UnreadableEventException;
import org.releasegovernance.notifier.delivery.DeliveryRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the deliveries each governance event calls for. The container commits the offset only after this method
 * returned, that is after the deliveries were committed; a failure is retried by the error handler, never skipped.
 */
@Component
class GovernanceEventConsumer {

    private static final Logger log = LoggerFactory.getLogger(GovernanceEventConsumer.class);

    private final DeliveryRecorder recorder;
    private final Counter unreadable;

    GovernanceEventConsumer(DeliveryRecorder recorder, MeterRegistry meters) {
        this.recorder = recorder;
        this.unreadable = UnreadableRecords.counter(meters);
    }

    @KafkaListener(topics = "${governance.events.topic:release-governance.events}")
    void consume(ConsumerRecord<String, CloudEvent> record) {
        try {
            recorder.record(GovernanceCloudEvents.fromCloudEvent(record.value()));
        } catch (UnreadableEventException e) {
            // An event this contract cannot read matches no subscription; the audit service keeps the record itself.
            unreadable.increment();
            log.warn("skipped unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
