package org.releasegovernance.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.EventValues;
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
 * {@code data}; absent attributes are left out. Text and numbers must follow the event contract
 * ({@link EventValues}: well-formed Unicode without U+0000 or noncharacters, integers within ±(2^53-1)), the only
 * values these bytes and PostgreSQL hold unchanged: an event breaking it is kept as unreadable, by the live feed and
 * by a replay alike, so both build the same log, and the log reports it as missing.
 */
public final class CanonicalEntry {

    private CanonicalEntry() {
    }

    /**
     * The canonical bytes of an event read from the topic.
     *
     * @throws IllegalArgumentException if the data is not JSON or holds text or a number the event contract forbids
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
        JsonNode data;
        try {
            data = GovernanceJson.mapper().readTree(cloudEvent.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("event data is not JSON: " + e.getMessage(), e);
        }
        EventValues.problemIn(data).ifPresent(problem -> {
            throw new IllegalArgumentException("event data breaks the event contract: " + problem);
        });
        entry.set("data", data);
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
            if (!node.canConvertToLong() || !EventValues.isAllowedInteger(node.longValue())) {
                throw new IllegalArgumentException("event data breaks the event contract: integer " + node
                        + " is beyond ±(2^53-1)");
            }
            out.append(node.longValue());
        } else if (node.isNumber()) {
            throw new IllegalArgumentException("event data breaks the event contract: " + node
                    + " is not an integer");
        } else {
            out.append(node.isNull() ? "null" : node.asText());
        }
    }

    private static void writeString(String value, StringBuilder out) {
        // a lone surrogate would silently become '?' in UTF-8, U+0000 is refused by PostgreSQL
        EventValues.textProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("event data breaks the event contract: text " + problem);
        });
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
