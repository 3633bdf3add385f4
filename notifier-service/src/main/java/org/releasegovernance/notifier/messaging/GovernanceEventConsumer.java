package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.Topics;
import org.releasegovernance.events.UnreadableEventException;
import org.releasegovernance.notifier.delivery.DeliveryRecorder;
import org.releasegovernance.intake.UnreadableRecords;
import org.releasegovernance.notifier.feed.FeedEntries;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the deliveries each governance event calls for, and public releases in the Atom feed (both idempotent per
 * event, so a record consumed again changes nothing), a whole poll in one transaction. The container commits the
 * offsets only after this method returned, that is after the deliveries were committed; a failure propagates so the
 * error handler retries the same records, never skipping them. A record this contract cannot read is stored as
 * unreadable, then passed.
 */
@Component
class GovernanceEventConsumer {

    private static final LogAccessor LOG = new LogAccessor(GovernanceEventConsumer.class);

    private final DeliveryRecorder recorder;
    private final FeedEntries feed;
    private final UnreadableRecords unreadableRecords;
    private final TransactionTemplate transactions;

    GovernanceEventConsumer(DeliveryRecorder recorder, FeedEntries feed, UnreadableRecords unreadableRecords,
                            TransactionTemplate transactions) {
        this.recorder = recorder;
        this.feed = feed;
        this.unreadableRecords = unreadableRecords;
        this.transactions = transactions;
    }

    @KafkaListener(topics = "${governance.events.topic:" + Topics.EVENTS + "}", batch = "true")
    void consume(List<ConsumerRecord<String, CloudEvent>> records) {
        List<EventEnvelope> readable = new ArrayList<>(records.size());
        for (ConsumerRecord<String, CloudEvent> record : records) {
            DeserializationException undeserializable = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            if (undeserializable != null || record.value() == null) {
                unreadableRecords.storeUndeserializable(record, undeserializable);
                continue;
            }
            CloudEvent cloudEvent = record.value();
            try {
                readable.add(GovernanceCloudEvents.fromCloudEvent(cloudEvent));
            } catch (UnreadableEventException e) {
                unreadableRecords.store(record, e.getMessage(), cloudEvent.getId(), cloudEvent.getType(),
                        cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes());
            }
        }
        if (readable.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            recorder.recordAll(readable);
            readable.forEach(feed::record);
        });
    }
}
