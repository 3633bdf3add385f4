package org.releasegovernance.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON form of events on the wire: ISO-8601 instants, unknown fields tolerated by readers. */
public final class GovernanceJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private GovernanceJson() {
    }

    /** A shared, thread-safe mapper configured for the event contract. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
