package org.releasegovernance.audit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.StandaloneAudit;
import org.releasegovernance.audit.Story;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteSigner;
import org.releasegovernance.tlog.NoteVerifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two audit-service instances on one PostgreSQL and Kafka: one appends and signs, the other serves reads and takes
 * over when the appender is paused past its lease (a stale holder, which then can never write) or stops; the log
 * holds every event once, in the topic's order, and every signed checkpoint is the root of the log's prefix of its
 * size, so a consistency proof from before the take-overs verifies after them: no fork.
 */
class AppenderTakeoverTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration STANDBY_POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name = "audit_ha_" + UUID.randomUUID().toString().substring(0, 8);
    private final NoteSigner signer = NoteSigner.generate("releasegovernance.org/audit-log");

    @Test
    void oneInstanceAppendsAStandbyTakesOverAndTheLogNeverForks() throws Exception {
        try (StandaloneAudit one = start(); StandaloneAudit two = start()) {
            await().atMost(PATIENCE).until(() -> isAppender(one) ^ isAppender(two));
            StandaloneAudit appender = isAppender(one) ? one : two;
            StandaloneAudit standby = appender == one ? two : one;

            List<EventEnvelope> published = stories(20);
            StandaloneAudit.publish(name, published);
            await().atMost(PATIENCE).until(() -> logSize(standby) == published.size());
            String checkpointBefore = standby.get("/api/audit/checkpoint");

            List<EventEnvelope> during = stories(60);
            published.addAll(during);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < during.size(); i += 6) {
                    StandaloneAudit.publish(name, during.subList(i, i + 6));
                    LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
                }
            });

            // the appender pauses (its database calls hang, as in a long GC pause or a cut-off connection) ...
            long appenderEpoch = feed(appender).appenderLease().orElseThrow().epoch();
            HikariDataSource paused = appender.bean(HikariDataSource.class);
            paused.getHikariPoolMXBean().suspendPool();
            long pausedAt = System.nanoTime();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> isAppender(standby));
            Duration takeoverAfterPause = Duration.ofNanos(System.nanoTime() - pausedAt);
            assertThat(feed(standby).appenderLease().orElseThrow().epoch()).isGreaterThan(appenderEpoch);

            // ... and when it wakes, its lease is gone: it appends nothing and becomes a standby
            paused.getHikariPoolMXBean().resumePool();
            await().atMost(PATIENCE).until(() -> !isAppender(appender));

            // the new appender stops gracefully: it releases the lease, and the first one takes over at its next try
            long stoppedAt = System.nanoTime();
            standby.close();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> isAppender(appender));
            Duration takeoverAfterStop = Duration.ofNanos(System.nanoTime() - stoppedAt);
            System.out.printf("APPENDER TAKEOVER: after a pause %d ms (lease %d ms, standby poll %d ms), "
                            + "after a graceful stop %d ms%n", takeoverAfterPause.toMillis(), LEASE.toMillis(),
                    STANDBY_POLL.toMillis(), takeoverAfterStop.toMillis());
            assertThat(takeoverAfterPause).isLessThan(LEASE.plus(STANDBY_POLL).plusSeconds(2));
            assertThat(takeoverAfterStop).isLessThan(STANDBY_POLL.plusSeconds(2));

            load.get();
            await().atMost(PATIENCE).until(() -> logSize(appender) == published.size());

            JdbcTemplate jdbc = appender.bean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("select event_id from log_entry order by log_index", UUID.class))
                    .as("every event once, in the topic's order")
                    .containsExactlyElementsOf(published.stream().map(EventEnvelope::eventId).toList());
            assertEveryCheckpointSignsThePrefixOfItsSize(jdbc);
            assertConsistent(appender, checkpointBefore, appender.get("/api/audit/checkpoint"));
            assertThat(JSON.readTree(appender.get("/api/audit/verify")).get("intact").asBoolean()).isTrue();

            // an instance started with another signing key never appends: its checkpoints would be another signer's
            try (StandaloneAudit otherKey = StandaloneAudit.start(name,
                    NoteSigner.generate("releasegovernance.org/audit-log").signerKey())) {
                await().atMost(PATIENCE).until(() -> feed(otherKey).hasStopped());
                assertThat(feed(otherKey).failure()).hasValueSatisfying(reason -> assertThat(reason)
                        .contains("does not verify the log's latest checkpoint"));
                assertThat(isAppender(appender)).isTrue();
            }
        }
    }

    private StandaloneAudit start() {
        return StandaloneAudit.start(name, signer.signerKey(),
                "audit.appender.lease-duration=" + LEASE.toMillis() + "ms",
                "audit.appender.standby-poll-interval=" + STANDBY_POLL.toMillis() + "ms",
                "spring.datasource.hikari.allow-pool-suspension=true");
    }

    private void assertEveryCheckpointSignsThePrefixOfItsSize(JdbcTemplate jdbc) {
        List<byte[]> leaves = jdbc.queryForList("select leaf_hash from log_entry order by log_index", byte[].class);
        NoteVerifier verifier = NoteVerifier.parse(signer.verifierKey());
        List<Map<String, Object>> checkpoints = jdbc.queryForList("select tree_size, note from checkpoint");
        assertThat(checkpoints).isNotEmpty();
        for (Map<String, Object> row : checkpoints) {
            Checkpoint checkpoint = Checkpoint.open((String) row.get("note"), signer.name(), verifier);
            assertThat(checkpoint.root()).as("signed root at size %s", checkpoint.size())
                    .isEqualTo(Merkle.root(leaves, (int) checkpoint.size()));
        }
    }

    private void assertConsistent(StandaloneAudit audit, String oldNote, String newNote) throws Exception {
        NoteVerifier verifier = NoteVerifier.parse(signer.verifierKey());
        Checkpoint old = Checkpoint.open(oldNote, signer.name(), verifier);
        Checkpoint now = Checkpoint.open(newNote, signer.name(), verifier);
        JsonNode proof = JSON.readTree(audit.get("/api/audit/proofs/consistency?from=" + old.size() + "&to="
                + now.size()));
        List<byte[]> hashes = new ArrayList<>();
        proof.get("hashes").forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asText())));
        Merkle.verifyConsistency(old.size(), now.size(), old.root(), now.root(), hashes);
    }

    private static List<EventEnvelope> stories(int releases) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < releases; i++) {
            events.addAll(Story.stage117M(Story.uniqueReleaseId()));
        }
        return events;
    }

    private static LiveFeed feed(StandaloneAudit audit) {
        return audit.bean(LiveFeed.class);
    }

    private static boolean isAppender(StandaloneAudit audit) {
        return feed(audit).appenderLease().isPresent();
    }

    private static long logSize(StandaloneAudit audit) {
        return audit.bean(JdbcTemplate.class).queryForObject("select count(*) from log_entry", Long.class);
    }
}
