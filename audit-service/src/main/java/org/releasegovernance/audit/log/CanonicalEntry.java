package org.releasegovernance.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes a log entry's leaf hash covers: the event as one JSON object in the JSON Canonicalization Scheme
 * (RFC 8785), so anyone can re-derive them from the CloudEvent with any JCS library. The object holds the CloudEvents
 * context attributes ({@code specversion}, {@code id}, {@code type}, {@code source}, {@code subject},
 * {@code time} as an RFC 3339 UTC instant, {@code datacontenttype}, {@code dataschema}), the extensions
 * ({@code sequence}, {@code position}, {@code actor}, {@code correlationid}) and the event data parsed as JSON under
 * {@code data}; absent attributes are left out. Numbers must be integers (the event contract has no others), and
 * text must not hold U+0000 (PostgreSQL cannot store it): such events are kept as unreadable, by the live feed and
 * by a replay alike, so both build the same log.
 */
public final class CanonicalEntry {

    private CanonicalEntry() {
    }

    /**
     * The canonical bytes of an event read from the topic.
     *
     * @throws IllegalArgumentException if the data is not JSON or holds a non-integer number
     */
    public static byte[] of(CloudEvent cloudEvent, EventEnvelope envelope) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("specversion", cloudEvent.getSpecVersion().toString());
        entry.put("id", cloudEvent.getId());
        entry.put("type", cloudEvent.getType());
        entry.put("source", cloudEvent.getSource().toString());
        putIfPresent(entry, "subject", cloudEvent.getSubject());
        entry.put("time", envelope.occurredAt().toString());
        putIfPresent(entry, "datacontenttype", cloudEvent.getDataContentType());
        putIfPresent(entry, "dataschema", cloudEvent.getDataSchema() == null ? null
                : cloudEvent.getDataSchema().toString());
        entry.put("sequence", envelope.sequence());
        entry.put("position", envelope.position());
        entry.put("actor", envelope.event().actor());
        putIfPresent(entry, "correlationid", envelope.correlationId());
        try {
            entry.set("data", GovernanceJson.mapper().readTree(cloudEvent.getData().toBytes()));
        } catch (IOException e) {
            throw new IllegalArgumentException("event data is not JSON: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        write(entry, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void putIfPresent(ObjectNode entry, String name, String value) {
        if (value != null) {
            entry.put(name, value);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            // RFC 8785 sorts names by their UTF-16 code units, which is String's natural order
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",");
                writeString(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> elements = node.elements();
            for (int i = 0; elements.hasNext(); i++) {
                out.append(i == 0 ? "" : ",");
                write(elements.next(), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isIntegralNumber()) {
            if (node.bigIntegerValue().abs().bitLength() > 53) {
                throw new IllegalArgumentException("integer " + node + " is beyond the canonical form's 2^53");
            }
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            throw new IllegalArgumentException("non-integer number " + node + " has no canonical form here");
        } else {
            out.append(node.isNull() ? "null" : node.asText());
        }
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u0000' -> throw new IllegalArgumentException(
                        "the database cannot store event data: text holds a NUL character (U+0000)");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
