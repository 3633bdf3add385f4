package org.releasegovernance.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventValuesTest {

    @Test
    void textIsWellFormedUnicodeWithoutNulOrNoncharacters() {
        assertThat(EventValues.isAllowedText("Benefits outweigh the risk \u00e9\u4e2d \ud83d\ude00 \t\n\u0001"))
                .isTrue();
        assertThat(EventValues.isAllowedText(null)).isTrue();
        assertThat(EventValues.textProblem("a\u0000b")).hasValue("holds U+0000 at index 1");
        assertThat(EventValues.textProblem("a\ud800")).hasValue("holds a lone surrogate U+D800 at index 1");
        assertThat(EventValues.textProblem("\ude00\ud83d")).hasValue("holds a lone surrogate U+DE00 at index 0");
        assertThat(EventValues.textProblem("x\uffff")).hasValue("holds the noncharacter U+FFFF at index 1");
        assertThat(EventValues.textProblem("\ufdd0")).hasValue("holds the noncharacter U+FDD0 at index 0");
        assertThat(EventValues.textProblem(new String(Character.toChars(0x10FFFE))))
                .hasValue("holds the noncharacter U+10FFFE at index 0");
    }

    @Test
    void integersStayWithinWhatADoubleHoldsExactly() {
        assertThat(EventValues.isAllowedInteger((1L << 53) - 1)).isTrue();
        assertThat(EventValues.isAllowedInteger(-(1L << 53) + 1)).isTrue();
        assertThat(EventValues.isAllowedInteger(1L << 53)).isFalse();
        assertThat(EventValues.isAllowedInteger(-(1L << 53))).isFalse();
    }

    @Test
    void instantsLieInTheYears1To9999() {
        assertThat(EventValues.isAllowedInstant(Instant.parse("0001-01-01T00:00:00Z"))).isTrue();
        assertThat(EventValues.isAllowedInstant(Instant.parse("9999-12-31T23:59:59.999Z"))).isTrue();
        assertThat(EventValues.isAllowedInstant(null)).isTrue();
        assertThat(EventValues.isAllowedInstant(Instant.parse("0000-12-31T23:59:59.999Z"))).isFalse();
        assertThat(EventValues.isAllowedInstant(Instant.parse("+10000-01-01T00:00:00Z"))).isFalse();
        assertThat(EventValues.isAllowedInstant(Instant.parse("+294277-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void eventDataIsCheckedFieldByFieldAndTheFieldIsNamed() throws Exception {
        assertThat(EventValues.problemIn(json("{\"a\":[\"ok\",{\"b\":9007199254740991}],\"c\":null,\"d\":true}")))
                .isEmpty();
        assertThat(EventValues.problemIn(json("{\"a\":[\"ok\",{\"b\":9007199254740992}]}")))
                .hasValue("/a/1/b: integer 9007199254740992 is beyond ±(2^53-1)");
        assertThat(EventValues.problemIn(json("{\"a\":1.5}"))).hasValue("/a: 1.5 is not an integer");
        assertThat(EventValues.problemIn(json("{\"rationale\":\"x\\u0000\"}")))
                .hasValue("/rationale: text holds U+0000 at index 1");
        assertThat(EventValues.problemIn(json("{\"r\\ud800\":1}")))
                .hasValue("/r\ud800: field name holds a lone surrogate U+D800 at index 1");
        assertThat(EventValues.problemIn(json("{\"n\":123456789012345678901234567890}")))
                .hasValue("/n: integer 123456789012345678901234567890 is beyond ±(2^53-1)");
    }

    private static JsonNode json(String text) throws Exception {
        return GovernanceJson.mapper().readTree(text);
    }
}
