package org.releasegovernance.audit.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.log.AppenderLease;
import org.releasegovernance.audit.log.AppenderProperties;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Topics;
import org.releasegovernance.infra.TestInfrastructure;
import org.releasegovernance.intake.EventsProperties;
import org.releasegovernance.intake.UnreadableRecords;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A feed that starts behind a backlog (a fresh audit-service on a long-lived topic) appends as it reads, so its memory
 * is bounded by one poll and auditors see the first entries long before the last is read; and it keeps the topic's
 * order.
 */
@AuditServiceTest
class CatchUpTest {

    private static final int BACKLOG_RELEASES = 500;
    /** More than one poll of the feed, fewer than the backlog (3,000 events). */
    private static final int GATE_AFTER = TopicConsumers.FEED_POLL_RECORDS + 100;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Autowired
    LiveFeed feed;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaProperties kafkaProperties;

    @Autowired
    UnreadableRecords unreadableRecords;

    @Autowired
    AppenderLease lease;

    @Autowired
    AppenderProperties appender;

    @Autowired
    Checkpoints checkpoints;

    @Test
    void aFeedBehindABacklogAppendsAsItReadsAndKeepsTheTopicsOrder() throws Exception {
        feed.stop();
        List<EventEnvelope> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG_RELEASES; i++) {
            backlog.addAll(Story.stage117M(Story.uniqueReleaseId()));
        }
        GovernanceTopic.publishAll(backlog);
        long before = auditLog.size();
        long gate = before + GATE_AFTER;

        // appends of entries from index `gate` on wait until the test lets go of the gate row
        try (Connection holder = dataSource.getConnection()) {
            installGate(gate);
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("select id from catch_up_gate for update");
            }
            try {
                feed.start();

                await().atMost(PATIENCE).until(() -> auditLog.size() > before);
                long appendedWhileBehind = auditLog.size() - before;
                assertThat(appendedWhileBehind).isPositive().isLessThan(GATE_AFTER);
                UUID firstOfBacklog = backlog.get(0).eventId();
                assertThat(jdbc.queryForObject("select log_index from log_entry where event_id = ?", Long.class,
                        firstOfBacklog)).isEqualTo(before);
            } finally {
                holder.rollback();
            }
        } finally {
            removeGate();
        }

        await().atMost(PATIENCE).until(() -> auditLog.size() >= before + backlog.size());
        List<UUID> inLogOrder = jdbc.queryForList("select event_id from log_entry where log_index >= ? "
                + "and log_index < ? order by log_index", UUID.class, before, before + backlog.size());
        assertThat(inLogOrder).containsExactlyElementsOf(backlog.stream().map(EventEnvelope::eventId).toList());
    }

    @Test
    void aTopicWithSeveralPartitionsIsRefusedWithTheReason() throws Exception {
        String topic = "audit-catch-up-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        TopicConsumers consumers = new TopicConsumers(kafkaProperties,
                new EventsProperties(Topics.EVENTS, topic,
                        new EventsProperties.Retry(Duration.ofMillis(500), Duration.ofSeconds(1))));

        try (var consumer = consumers.create(false)) {
            assertThatThrownBy(() -> consumers.partition(consumer))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has 3 partitions")
                    .hasMessageContaining("needs exactly one");
        }

        // waiting cannot fix a misconfigured topic: a feed on it stops and says why, instead of retrying forever
        // (it reads only as the appender: the service's own feed gives the lease up meanwhile)
        feed.stop();
        try {
            LiveFeed misconfigured = new LiveFeed(consumers, auditLog, lease, appender, checkpoints, unreadableRecords,
                    new EventsProperties(Topics.EVENTS, topic,
                            new EventsProperties.Retry(Duration.ofMillis(50), Duration.ofMillis(100))),
                    new SimpleMeterRegistry());
            misconfigured.start();
            await().atMost(Duration.ofSeconds(30)).until(misconfigured::hasStopped);
            assertThat(misconfigured.isRunning()).isFalse();
            assertThat(misconfigured.failure()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("the live feed stopped, and only a restart with the cause fixed resumes it")
                    .contains("has 3 partitions"));
        } finally {
            feed.start();
        }
    }

    @Test
    void failuresThatWaitingCanFixAreRetriedAndTheOthersStopTheFeed() {
        assertThat(LiveFeed.isFatal(new TopicAuthorizationException(Set.of(Topics.AUDIT)))).isTrue();
        assertThat(LiveFeed.isFatal(new SaslAuthenticationException("bad credentials"))).isTrue();
        assertThat(LiveFeed.isFatal(new NullPointerException())).isTrue();
        assertThat(LiveFeed.isFatal(new OutOfMemoryError())).isTrue();
        assertThat(LiveFeed.isFatal(new TimeoutException("broker away"))).isFalse();
        assertThat(LiveFeed.isFatal(new CannotGetJdbcConnectionException("database away"))).isFalse();
        assertThat(LiveFeed.isFatal(new QueryTimeoutException("slow database"))).isFalse();
    }

    private void installGate(long gate) {
        jdbc.execute("create table catch_up_gate (id int primary key)");
        jdbc.execute("insert into catch_up_gate values (1)");
        jdbc.execute("""
                create function catch_up_gate_wait() returns trigger language plpgsql as $$
                begin
                    perform id from catch_up_gate for share;
                    return new;
                end $$""");
        jdbc.execute("create trigger catch_up_gate before insert on log_entry for each row when (new.log_index >= "
                + gate + ") execute function catch_up_gate_wait()");
    }

    private void removeGate() {
        jdbc.execute("drop trigger if exists catch_up_gate on log_entry");
        jdbc.execute("drop function if exists catch_up_gate_wait()");
        jdbc.execute("drop table if exists catch_up_gate");
    }
}
