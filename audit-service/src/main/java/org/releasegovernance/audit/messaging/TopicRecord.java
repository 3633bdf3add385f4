package org.releasegovernance.audit.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.audit.log.CanonicalEntry;
import org.releasegovernance.audit.log.NewEntry;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;

/**
 * A record of the governance topic read as a governance event with its canonical log entry bytes, or the reason it
 * cannot be read.
 *
 * @param record     the record as consumed
 * @param cloudEvent the CloudEvent it carries, or {@code null} if it is not one
 * @param envelope   the governance event, or {@code null} if unreadable
 * @param leaf       the canonical entry bytes, or {@code null} if unreadable
 * @param unreadable why it cannot be read, or {@code null}
 */
public record TopicRecord(ConsumerRecord<String, byte[]> record, CloudEvent cloudEvent, EventEnvelope envelope,
                          byte[] leaf, String unreadable) {

    /** Reads a record; never throws. */
    public static TopicRecord read(ConsumerRecord<String, byte[]> record) {
        CloudEvent cloudEvent;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            cloudEvent = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return new TopicRecord(record, null, null, null, "not a CloudEvent: " + e.getMessage());
        }
        try {
            EventEnvelope envelope = GovernanceCloudEvents.fromCloudEvent(cloudEvent);
            return new TopicRecord(record, cloudEvent, envelope, CanonicalEntry.of(cloudEvent, envelope), null);
        } catch (RuntimeException e) {
            return new TopicRecord(record, cloudEvent, null, null, e.getMessage());
        }
    }

    public boolean isReadable() {
        return unreadable == null;
    }

    public long position() {
        return envelope.position();
    }

    /** The entry to append for this event. */
    public NewEntry newEntry() {
        return new NewEntry(envelope, cloudEvent.getType(), cloudEvent.getData().toBytes(), leaf);
    }
}
