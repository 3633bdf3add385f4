package org.releasegovernance.problems;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.io.IOException;
import java.time.Instant;

/**
 * The JSON the APIs read and write. A request means one thing only: a duplicate key, anything after the value, a
 * number for an enum or a text field, a fraction for an integer, text for a number, padding around an enum name or
 * an instant that is not an ISO-8601 string is refused, never guessed at. Answers write instants in one format
 * ({@link ApiInstants}). This is the mapper of the HTTP message converter only: the application's
 * {@code ObjectMapper} bean (Axon's serializer) and the Kafka contract's mapper are left as they are.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** The strict API mapper, built from Spring Boot's builder so {@code spring.jackson.*} still applies. */
    public static ObjectMapper mapper(Jackson2ObjectMapperBuilder builder) {
        ObjectMapper mapper = builder.build();
        apply(mapper);
        return mapper;
    }

    static void apply(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.String, CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.String, CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
        mapper.registerModule(new SimpleModule("strict-api-json")
                .addSerializer(Instant.class, new ApiInstants.Serializer())
                .addDeserializer(Instant.class, new ApiInstants.Deserializer())
                .setDeserializerModifier(new ExactEnumNames()));
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * Jackson trims an enum name it does not know and tries again, so {@code " APPROVE "} or {@code "APPROVE\u0000"}
     * became {@code APPROVE}; here the text must be the name exactly.
     */
    private static final class ExactEnumNames extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                          BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
            return new Untrimmed(deserializer);
        }
    }

    private static final class Untrimmed extends DelegatingDeserializer {

        Untrimmed(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Untrimmed(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = parser.getText();
                // strip() knows Unicode white space; trim(), which Jackson uses, also drops U+0000 and other controls
                if (!text.equals(text.strip()) || !text.equals(text.trim())) {
                    return context.handleWeirdStringValue(handledType(), text, "padded with white space or controls");
                }
            }
            return super.deserialize(parser, context);
        }
    }
}
