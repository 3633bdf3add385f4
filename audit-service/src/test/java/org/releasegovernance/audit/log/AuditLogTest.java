package org.releasegovernance.audit.log;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Events on the topic become log entries: once each, in order, and nothing unreadable is lost. */
@AuditServiceTest
class AuditLogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    void theStoryIsRecordedInStreamOrderWithTheExactBytesPublished() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);

        List<CloudEvent> published = GovernanceTopic.publish(story);

        List<LogEntry> entries = awaitEntries(releaseId, 6);
        assertThat(entries).extracting(LogEntry::eventId)
                .containsExactlyElementsOf(story.stream().map(EventEnvelope::eventId).toList());
        assertThat(entries).extracting(LogEntry::typeName).containsExactly("ReleaseRegistered", "StageProposed",
                "VoteCast", "VoteCast", "StageApproved", "StageReleased");
        assertThat(entries).extracting(LogEntry::actor)
                .containsExactly("chair", "member-1", "member-2", "member-3", "member-3", "chair");
        assertThat(entries).extracting(LogEntry::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(entries).extracting(LogEntry::stageId)
                .containsExactly(null, "117M", "117M", "117M", "117M", "117M");
        assertThat(entries).extracting(LogEntry::position)
                .containsExactlyElementsOf(story.stream().map(EventEnvelope::position).toList());
        assertThat(entries).extracting(LogEntry::occurredAt)
                .containsExactlyElementsOf(story.stream().map(EventEnvelope::occurredAt).toList());
        assertThat(entries).extracting(LogEntry::correlationId)
                .containsExactlyElementsOf(story.stream().map(EventEnvelope::correlationId).toList());
        assertThat(entries).extracting(LogEntry::data)
                .containsExactlyElementsOf(published.stream().map(event -> event.getData().toBytes()).toList());
        assertThat(entries).extracting(LogEntry::logIndex).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void logIndexesAreDenseFromZero() {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        awaitEntries(releaseId, 6);

        Map<String, Object> indexes = jdbc.queryForMap(
                "select min(log_index) as first, max(log_index) as last, count(*) as entries from log_entry");

        assertThat(indexes.get("first")).isEqualTo(0L);
        assertThat(indexes.get("last")).isEqualTo((Long) indexes.get("entries") - 1);
    }

    @Test
    void aRedeliveredRecordChangesNothing() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        GovernanceTopic.publish(story);
        List<LogEntry> firstDelivery = awaitEntries(releaseId, 6);

        GovernanceTopic.publish(story);
        // a later event on the same partition: once it is recorded, the redelivered ones were consumed before it
        EventEnvelope next = Story.envelope(Story.forRelease(Gpt2.stage345MProposed(), releaseId), 6, releaseId);
        GovernanceTopic.publish(List.of(next));

        List<LogEntry> entries = awaitEntries(releaseId, 7);
        assertThat(entries.subList(0, 6)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(firstDelivery);
        assertThat(entries.get(6).eventId()).isEqualTo(next.eventId());
    }

    @Test
    void anEventOfUnknownTypeIsKeptAsUnreadableAndTheEventsAfterItAreRecorded() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        String unknownId = UUID.randomUUID().toString();
        CloudEvent unknown = CloudEventBuilder.v1()
                .withId(unknownId)
                .withType("org.releasegovernance.StageSabotaged.v1")
                .withSource(URI.create("/releases/" + releaseId))
                .withTime(OffsetDateTime.parse("2019-02-14T18:00:00Z"))
                .withData("application/json", "{\"stageId\":\"117M\"}".getBytes(StandardCharsets.UTF_8))
                .build();

        GovernanceTopic.publish(story.subList(0, 3));
        GovernanceTopic.publish(releaseId, unknown);
        GovernanceTopic.publish(story.subList(3, 6));

        assertThat(awaitEntries(releaseId, 6)).extracting(LogEntry::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        Map<String, Object> kept = awaitUnreadable("event_id = ?", unknownId);
        assertThat(kept.get("cloud_event_type")).isEqualTo("org.releasegovernance.StageSabotaged.v1");
        assertThat(kept.get("record_key")).isEqualTo(releaseId);
        assertThat((String) kept.get("reason")).contains("unknown event type");
        assertThat(new String((byte[]) kept.get("data"), StandardCharsets.UTF_8)).isEqualTo("{\"stageId\":\"117M\"}");
    }

    @Test
    void aRecordThatIsNotACloudEventIsKeptAsUnreadable() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);

        GovernanceTopic.publishRaw(releaseId, "not a cloud event".getBytes(StandardCharsets.UTF_8));
        GovernanceTopic.publish(story);

        assertThat(awaitEntries(releaseId, 6)).hasSize(6);
        Map<String, Object> kept = awaitUnreadable("record_key = ?", releaseId);
        assertThat(kept.get("event_id")).isNull();
        assertThat((String) kept.get("reason")).isNotBlank();
        assertThat(new String((byte[]) kept.get("data"), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
    }

    @Test
    void anEventBreakingTheContractIsKeptAsUnreadableMakesTheLogNotIntactAndTheFeedDown() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = new ArrayList<>(Story.stage117M(releaseId));
        EventEnvelope beyond2To53 = Story.envelope(new StageProposed(releaseId, "117M", 1L << 53, Access.PUBLIC,
                "Small model", Gpt2.MEMBER_1), 1, releaseId);
        EventEnvelope withNul = Story.envelope(new VoteCast(releaseId, "117M", VoteChoice.APPROVE,
                "rationale with a \u0000 character", Gpt2.MEMBER_2), 2, releaseId);
        EventEnvelope withLoneSurrogate = Story.envelope(new VoteCast(releaseId, "117M", VoteChoice.APPROVE,
                "rationale with a \ud800 surrogate", Gpt2.MEMBER_3), 3, releaseId);
        story.set(1, beyond2To53);
        story.set(2, withNul);
        story.set(3, withLoneSurrogate);

        GovernanceTopic.publish(story);

        assertThat(awaitEntries(releaseId, 3)).extracting(LogEntry::sequence).containsExactly(0L, 4L, 5L);
        assertThat((String) awaitUnreadable("event_id = ?", beyond2To53.eventId().toString()).get("reason"))
                .contains("event data breaks the event contract: /parameters: integer 9007199254740992 is beyond");
        assertThat((String) awaitUnreadable("event_id = ?", withNul.eventId().toString()).get("reason"))
                .contains("event data breaks the event contract: /rationale: text holds U+0000 at index 17");
        assertThat((String) awaitUnreadable("event_id = ?", withLoneSurrogate.eventId().toString()).get("reason"))
                .contains("event data breaks the event contract: /rationale: text holds a lone surrogate U+D800 "
                        + "at index 17");

        mvc.perform(get("/api/audit/verify").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intact").value(false))
                .andExpect(jsonPath("$.complete").value(false))
                .andExpect(jsonPath("$.problem").value(containsString("the log is incomplete")))
                .andExpect(jsonPath("$.gaps[?(@.releaseId == '" + releaseId + "')].fromSequence").value(contains(1)))
                .andExpect(jsonPath("$.gaps[?(@.releaseId == '" + releaseId + "')].toSequence").value(contains(3)))
                .andExpect(jsonPath("$.unstored[?(@.releaseId == '" + releaseId + "')].eventId").value(
                        containsInAnyOrder(beyond2To53.eventId().toString(), withNul.eventId().toString(),
                                withLoneSurrogate.eventId().toString())));
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"));
    }

    @Test
    void anEventIsRetriedWhileTheDatabaseRefusesItAndRecordedOnceItAccepts() {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        String suffix = releaseId.replace('-', '_');
        // the sequence counts attempts: nextval is not undone when the refused transaction rolls back
        jdbc.execute("create sequence attempts_" + suffix);
        jdbc.execute("create function refuse_" + suffix + "() returns trigger language plpgsql as $$ begin "
                + "perform nextval('attempts_" + suffix + "'); "
                + "raise exception 'database unavailable' using errcode = '57P03'; end; $$");
        jdbc.execute("create trigger refuse_" + suffix + " before insert on log_entry for each row "
                + "when (new.release_id = '" + releaseId + "') execute function refuse_" + suffix + "()");
        try {
            GovernanceTopic.publish(story.subList(0, 1));
            await().atMost(PATIENCE).until(() -> attempts(suffix) >= 3);
            assertThat(auditLog.releaseHistory(releaseId)).isEmpty();
            assertThat(jdbc.queryForList("select * from unreadable_record where record_key = ?", releaseId))
                    .isEmpty();
        } finally {
            jdbc.execute("drop trigger refuse_" + suffix + " on log_entry");
            jdbc.execute("drop function refuse_" + suffix + "()");
        }

        GovernanceTopic.publish(story.subList(1, 6));

        assertThat(awaitEntries(releaseId, 6)).extracting(LogEntry::eventId)
                .containsExactlyElementsOf(story.stream().map(EventEnvelope::eventId).toList());
        jdbc.execute("drop sequence attempts_" + suffix);
    }

    private long attempts(String suffix) {
        return jdbc.queryForObject("select coalesce((select last_value from attempts_" + suffix
                + " where is_called), 0)", Long.class);
    }

    private List<LogEntry> awaitEntries(String releaseId, int count) {
        return await().atMost(PATIENCE).until(() -> auditLog.releaseHistory(releaseId),
                entries -> entries.size() >= count);
    }

    private Map<String, Object> awaitUnreadable(String condition, String value) {
        String query = "select * from unreadable_record where " + condition;
        await().atMost(PATIENCE).until(() -> !jdbc.queryForList(query, value).isEmpty());
        return jdbc.queryForMap(query, value);
    }
}
