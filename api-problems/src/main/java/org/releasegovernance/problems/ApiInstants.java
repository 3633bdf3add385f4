package org.releasegovernance.problems;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import org.releasegovernance.events.EventValues;
import org.springframework.core.convert.converter.Converter;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one instant format of the APIs: ISO-8601 in UTC with exactly millisecond precision
 * ({@code 2019-02-14T10:00:00.000Z}), so every answer sorts and compares as text. An instant given to an API is an
 * ISO-8601 string with an offset, in the years 0001 to 9999, no finer than a millisecond; anything else is refused
 * naming the rule, never rounded.
 */
public final class ApiInstants {

    public static final String PRECISION_RULE = "instant-precision";
    public static final String RANGE_RULE = "instant-range";
    public static final String FORMAT_RULE = "instant-format";

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ApiInstants() {
    }

    /** The API form of an instant, truncated to the millisecond for an instant made elsewhere (a stored one). */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** An instant given to the API, or the rule it breaks and why. */
    public static Parsed parse(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return new Parsed(null, FORMAT_RULE,
                    "must be an ISO-8601 instant with an offset, e.g. 2019-02-14T10:00:00.000Z");
        }
        if (!EventValues.isAllowedInstant(instant)) {
            return new Parsed(null, RANGE_RULE, EventValues.INSTANT_RULE);
        }
        if (instant.getNano() % 1_000_000 != 0) {
            return new Parsed(null, PRECISION_RULE, "must not be finer than a millisecond");
        }
        return new Parsed(instant, null, null);
    }

    /**
     * The outcome of parsing an instant.
     *
     * @param instant the instant, or {@code null} if refused
     * @param rule    the broken rule in kebab case, or {@code null}
     * @param detail  how the rule is broken, or {@code null}
     */
    public record Parsed(Instant instant, String rule, String detail) {

        public Optional<Instant> accepted() {
            return Optional.ofNullable(instant);
        }
    }

    /** An instant in a request parameter or header breaks a rule; answered with 400 naming it and the rule. */
    public static final class InvalidInstant extends IllegalArgumentException {

        private final transient Parsed parsed;

        InvalidInstant(Parsed parsed) {
            super(parsed.detail());
            this.parsed = parsed;
        }

        public String rule() {
            return parsed.rule();
        }
    }

    /** Instants in request parameters and headers, under the same rules as in bodies. */
    static final class FromText implements Converter<String, Instant> {
        @Override
        public Instant convert(String text) {
            Parsed parsed = parse(text);
            if (parsed.instant() == null) {
                throw new InvalidInstant(parsed);
            }
            return parsed.instant();
        }
    }

    static final class Serializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }

        @Override
        public Class<Instant> handledType() {
            return Instant.class;
        }
    }

    static final class Deserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new StrictValueException(parser, FORMAT_RULE,
                        "must be an ISO-8601 instant as a string, e.g. \"2019-02-14T10:00:00.000Z\"");
            }
            Parsed parsed = parse(parser.getText());
            if (parsed.instant() == null) {
                throw new StrictValueException(parser, parsed.rule(), parsed.detail());
            }
            return parsed.instant();
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }
}
