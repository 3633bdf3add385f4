package org.releasegovernance.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Maps events to and from CloudEvents 1.0. The wire form is: {@code id} = event id, {@code type} =
 * {@code org.releasegovernance.<Name>.v1}, {@code source} = {@code /releases/<releaseId>}, {@code subject} = stage
 * id where there is one, {@code time}, {@code datacontenttype} = {@code application/json}, {@code dataschema} =
 * the JSON Schema's path in this module, and the extensions {@code sequence}, {@code position}, {@code actor} and
 * {@code correlationid}.
 */
public final class GovernanceCloudEvents {

    public static final String EXT_SEQUENCE = "sequence";
    public static final String EXT_POSITION = "position";
    public static final String EXT_ACTOR = "actor";
    public static final String EXT_CORRELATION_ID = "correlationid";
    public static final String CONTENT_TYPE = "application/json";

    private GovernanceCloudEvents() {
    }

    /** The CloudEvent for an event and its metadata. */
    public static CloudEvent toCloudEvent(EventEnvelope envelope) {
        GovernanceEvent event = envelope.event();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.eventId().toString())
                .withType(EventTypes.cloudEventType(event.getClass()))
                .withSource(URI.create("/releases/" + event.releaseId()))
                .withTime(envelope.occurredAt().atOffset(ZoneOffset.UTC))
                .withDataContentType(CONTENT_TYPE)
                .withDataSchema(URI.create(schemaPath(event.getClass())))
                .withExtension(EXT_SEQUENCE, envelope.sequence())
                .withExtension(EXT_POSITION, envelope.position())
                .withExtension(EXT_ACTOR, event.actor())
                .withData(CONTENT_TYPE, toJson(event));
        envelope.stageId().ifPresent(builder::withSubject);
        if (envelope.correlationId() != null) {
            builder.withExtension(EXT_CORRELATION_ID, envelope.correlationId());
        }
        return builder.build();
    }

    /**
     * Reads a CloudEvent produced by {@link #toCloudEvent}.
     *
     * @throws UnreadableEventException if the type is unknown to this contract or the data does not parse
     */
    public static EventEnvelope fromCloudEvent(CloudEvent cloudEvent) {
        Class<? extends GovernanceEvent> eventClass = EventTypes.forCloudEventType(cloudEvent.getType())
                .orElseThrow(() -> new UnreadableEventException(
                        "unknown event type " + cloudEvent.getType() + " (event " + cloudEvent.getId() + ")"));
        if (cloudEvent.getData() == null || cloudEvent.getTime() == null) {
            throw new UnreadableEventException("event " + cloudEvent.getId() + " has no data or no time");
        }
        try {
            GovernanceEvent event = GovernanceJson.mapper().readValue(cloudEvent.getData().toBytes(), eventClass);
            return new EventEnvelope(
                    UUID.fromString(cloudEvent.getId()),
                    cloudEvent.getTime().toInstant(),
                    longExtension(cloudEvent, EXT_SEQUENCE),
                    longExtension(cloudEvent, EXT_POSITION),
                    (String) cloudEvent.getExtension(EXT_CORRELATION_ID),
                    event);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableEventException("event " + cloudEvent.getId() + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** The classpath path of an event type's JSON Schema, also used as the CloudEvents {@code dataschema}. */
    public static String schemaPath(Class<? extends GovernanceEvent> eventClass) {
        return "/schemas/" + EventTypes.cloudEventType(eventClass) + ".json";
    }

    private static byte[] toJson(GovernanceEvent event) {
        try {
            return GovernanceJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.getClass().getSimpleName() + " cannot be written", e);
        }
    }

    private static long longExtension(CloudEvent cloudEvent, String name) {
        Object value = cloudEvent.getExtension(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            return Long.parseLong(text);
        }
        throw new UnreadableEventException("event " + cloudEvent.getId() + " has no " + name + " extension");
    }
}
