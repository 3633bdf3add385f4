package org.releasegovernance.console.audit;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineEntryTest {

    @Test
    void aVoteShowsWhoWhatWhenWhyAndItsLogIndex() {
        TimelineEntry vote = TimelineEntry.from(event(3, "VoteCast", "member-2",
                Map.of("vote", "APPROVE", "rationale", "Benefits outweigh the risk")));

        assertThat(vote.logIndex()).isEqualTo(3);
        assertThat(vote.type()).isEqualTo("VoteCast");
        assertThat(vote.actor()).isEqualTo("member-2");
        assertThat(vote.stageId()).isEqualTo("117M");
        assertThat(vote.when()).isEqualTo("2019-02-14 17:00:00.123 UTC");
        assertThat(vote.why()).isEqualTo("Benefits outweigh the risk");
    }

    @Test
    void whyIsTheRationaleFirstThenTheReasonNoteOrSummary() {
        assertThat(TimelineEntry.why(Map.of("reason", "Demo", "note", "published"))).isEqualTo("Demo");
        assertThat(TimelineEntry.why(Map.of("note", "117M weights and code published")))
                .isEqualTo("117M weights and code published");
        assertThat(TimelineEntry.why(Map.of("summary", "MISUSE_RISK assessed", "rationale", " ")))
                .isEqualTo("MISUSE_RISK assessed");
    }

    @Test
    void anEventWithoutAReasonHasNoWhy() {
        assertThat(TimelineEntry.why(Map.of("stageId", "117M"))).isNull();
        assertThat(TimelineEntry.why(null)).isNull();
    }

    @Test
    void theHistoryKeepsTheLogsOrder() {
        List<TimelineEntry> timeline = TimelineEntry.fromEvents(Map.of("releaseId", "gpt-2", "events", List.of(
                event(0, "ReleaseRegistered", "chair", Map.of()), event(1, "StageProposed", "member-1", Map.of()))));

        assertThat(timeline).extracting(TimelineEntry::type).containsExactly("ReleaseRegistered", "StageProposed");
    }

    private static Map<String, Object> event(int logIndex, String type, String actor, Map<String, Object> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "e-" + logIndex);
        event.put("type", type);
        event.put("sequence", logIndex);
        event.put("logIndex", logIndex);
        event.put("actor", actor);
        event.put("stageId", "117M");
        event.put("occurredAt", "2019-02-14T17:00:00.123Z");
        event.put("payload", payload);
        return event;
    }
}
