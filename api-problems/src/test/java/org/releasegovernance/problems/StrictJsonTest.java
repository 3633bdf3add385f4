package org.releasegovernance.problems;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    enum Vote { APPROVE, REJECT }

    record Ballot(Vote vote, String releaseId, int quorum, Instant at, List<String> refs) {
    }

    private final ObjectMapper json = StrictJson.mapper(Jackson2ObjectMapperBuilder.json());

    @Test
    void aWellFormedBodyIsReadAsWritten() throws Exception {
        Ballot ballot = json.readValue("""
                {"vote":"APPROVE","releaseId":"gpt-2","quorum":2,"at":"2019-02-14T10:00:00.123Z","refs":["a"]}""",
                Ballot.class);

        assertThat(ballot).isEqualTo(new Ballot(Vote.APPROVE, "gpt-2", 2, Instant.parse("2019-02-14T10:00:00.123Z"),
                List.of("a")));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"vote\":\"APPROVE\",\"vote\":\"REJECT\"}", Ballot.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'vote'");
    }

    @Test
    void anythingAfterTheValueIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"vote\":\"APPROVE\"} {}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("Trailing token");
    }

    @Test
    void aNumberIsNeitherAnEnumNorText() {
        assertThatThrownBy(() -> json.readValue("{\"vote\":1}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"releaseId\":123}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"releaseId\":true}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void aFractionIsNotAnIntegerAndTextIsNotANumber() {
        assertThatThrownBy(() -> json.readValue("{\"quorum\":1.5}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"quorum\":\"2\"}", Ballot.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void anEnumNameMustBeExact() {
        assertThatThrownBy(() -> json.readValue("{\"vote\":\" APPROVE \"}", Ballot.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void instantsAreIsoStringsInTheYears1To9999NoFinerThanAMillisecond() {
        assertThat(rule("{\"at\":1550138400}")).isEqualTo(ApiInstants.FORMAT_RULE);
        assertThat(rule("{\"at\":\"2019-02-14\"}")).isEqualTo(ApiInstants.FORMAT_RULE);
        assertThat(rule("{\"at\":\"+294277-01-01T00:00:00Z\"}")).isEqualTo(ApiInstants.RANGE_RULE);
        assertThat(rule("{\"at\":\"+10000-01-01T00:00:00Z\"}")).isEqualTo(ApiInstants.RANGE_RULE);
        assertThat(rule("{\"at\":\"0000-12-31T23:59:59Z\"}")).isEqualTo(ApiInstants.RANGE_RULE);
        assertThat(rule("{\"at\":\"2019-02-14T10:00:00.0001Z\"}")).isEqualTo(ApiInstants.PRECISION_RULE);
    }

    @Test
    void anInstantWithAnOffsetIsTheSameInstant() throws Exception {
        assertThat(json.readValue("{\"at\":\"2019-02-14T12:00:00+02:00\"}", Ballot.class).at())
                .isEqualTo(Instant.parse("2019-02-14T10:00:00Z"));
    }

    @Test
    void everyInstantIsWrittenInUtcWithExactlyMilliseconds() throws Exception {
        assertThat(json.writeValueAsString(Instant.parse("2019-02-14T10:00:00Z")))
                .isEqualTo("\"2019-02-14T10:00:00.000Z\"");
        assertThat(json.writeValueAsString(Instant.parse("0001-01-01T00:00:00.120Z")))
                .isEqualTo("\"0001-01-01T00:00:00.120Z\"");
    }

    private String rule(String body) {
        try {
            json.readValue(body, Ballot.class);
        } catch (StrictValueException refused) {
            return refused.rule();
        } catch (Exception other) {
            throw new AssertionError("refused otherwise: " + other);
        }
        throw new AssertionError("accepted: " + body);
    }
}
