package org.releasegovernance.audit.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.audit.log.LogEntry;
import org.releasegovernance.infra.PostgresServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.InvalidProof;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteSigner;
import org.releasegovernance.tlog.NoteVerifier;
import org.releasegovernance.verifier.AuditVerifier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The auditor's story: fetch a signed checkpoint, prove an entry's inclusion and the log's growth, then catch a
 * rewrite made directly in PostgreSQL — with the service's verification, with the offline verifier, and by a replay
 * from Kafka that rebuilds the original root.
 */
@AuditServiceTest
class TamperEvidenceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Autowired
    ObjectMapper json;

    @Test
    void anEntryIsProvenInTheSignedTreeAndTheTreeOnlyGrows() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        var story = Story.stage117M(releaseId);
        GovernanceTopic.publish(story.subList(0, 3));
        LogEntry vote = awaitEntries(releaseId, 3).get(2);
        NoteVerifier verifier = NoteVerifier.parse(json.readTree(body(get("/api/audit/public-key")))
                .get("verifierKey").asText());
        Checkpoint old = awaitCheckpointCovering(verifier, vote.logIndex() + 1);

        JsonNode inclusion = json.readTree(body(auditor(get("/api/audit/proofs/inclusion")
                .param("index", Long.toString(vote.logIndex())).param("treeSize", Long.toString(old.size())))));
        Merkle.verifyInclusion(vote.logIndex(), old.size(), vote.leafHash(), hashes(inclusion), old.root());
        assertThatThrownBy(() -> Merkle.verifyInclusion(vote.logIndex() - 1, old.size(), vote.leafHash(),
                hashes(inclusion), old.root())).isInstanceOf(InvalidProof.class);

        GovernanceTopic.publish(story.subList(3, 6));
        LogEntry released = awaitEntries(releaseId, 6).get(5);
        Checkpoint grown = awaitCheckpointCovering(verifier, released.logIndex() + 1);
        JsonNode consistency = json.readTree(body(auditor(get("/api/audit/proofs/consistency")
                .param("from", Long.toString(old.size())).param("to", Long.toString(grown.size())))));
        Merkle.verifyConsistency(old.size(), grown.size(), old.root(), grown.root(), hashes(consistency));
        String earlier = body(auditor(get("/api/audit/checkpoints").param("size", Long.toString(old.size()))));
        assertThat(Checkpoint.parse(verifier.verify(earlier))).usingRecursiveComparison().isEqualTo(old);
    }

    @Test
    void aByteChangedInPostgresIsNamedByTheServiceAndTheOfflineVerifierAndAReplayRebuildsTheSignedRoot(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        LogEntry approval = awaitEntries(releaseId, 6).get(4);
        String verifierKey = json.readTree(body(get("/api/audit/public-key"))).get("verifierKey").asText();
        NoteVerifier verifier = NoteVerifier.parse(verifierKey);
        Checkpoint signed = awaitCheckpointCovering(verifier, approval.logIndex() + 6 - 4);
        mvc.perform(auditor(get("/api/audit/verify"))).andExpect(jsonPath("$.authentic").value(true));

        flipOneByteOfTheEntry(approval.logIndex());
        try {
            mvc.perform(auditor(get("/api/audit/verify")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.firstBadEntry").value(approval.logIndex()))
                    .andExpect(jsonPath("$.problem").value("entry " + approval.logIndex() + " (event "
                            + approval.eventId() + ") was altered: its bytes no longer match its leaf hash"));

            Files.writeString(dir.resolve("checkpoint.txt"), body(auditor(get("/api/audit/checkpoint"))));
            Files.writeString(dir.resolve("log.jsonl"), body(auditor(get("/api/audit/export"))));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = AuditVerifier.run(new String[] {"--export", dir.resolve("log.jsonl").toString(),
                    "--checkpoint", dir.resolve("checkpoint.txt").toString(), "--key", verifierKey},
                    new PrintStream(out), new PrintStream(err));
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("entry " + approval.logIndex() + " ");

            MvcResult started = mvc.perform(auditor(post("/api/audit/replays")))
                    .andExpect(status().isAccepted()).andReturn();
            String location = started.getResponse().getHeader("Location");
            JsonNode outcome = await().atMost(PATIENCE).until(
                    () -> json.readTree(body(auditor(get(location)))),
                    replay -> !replay.get("status").asText().equals("RUNNING"));
            assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(outcome.get("rootMatches").asBoolean()).isTrue();
            assertThat(outcome.get("liveTreeSize").asLong()).isGreaterThanOrEqualTo(signed.size());
            assertThat(Base64.getDecoder().decode(outcome.get("rebuiltRootAtLiveSize").asText()))
                    .isEqualTo(Checkpoint.parse(verifier.verify(body(auditor(get("/api/audit/checkpoints")
                            .param("size", outcome.get("liveTreeSize").asText()))))).root());
        } finally {
            flipOneByteOfTheEntry(approval.logIndex());
        }
        mvc.perform(auditor(get("/api/audit/verify"))).andExpect(jsonPath("$.authentic").value(true));
    }

    @Test
    void aByteChangedTogetherWithItsLeafHashIsBoundedByTheFirstCheckpointWhoseRootDiffers() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        LogEntry approval = awaitEntries(releaseId, 6).get(4);
        NoteVerifier verifier = NoteVerifier.parse(json.readTree(body(get("/api/audit/public-key")))
                .get("verifierKey").asText());
        awaitCheckpointCovering(verifier, approval.logIndex() + 1);
        String flipAndRehash = "update audit.log_entry set leaf = set_byte(leaf, 20, get_byte(leaf, 20) # 1), "
                + "leaf_hash = sha256('\\x00'::bytea || set_byte(leaf, 20, get_byte(leaf, 20) # 1)) "
                + "where log_index = " + approval.logIndex();

        asSuperuser(flipAndRehash);
        try {
            mvc.perform(auditor(get("/api/audit/verify")))
                    .andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.authentic").value(false))
                    .andExpect(jsonPath("$.problem").value(org.hamcrest.Matchers.allOf(
                            org.hamcrest.Matchers.startsWith("an entry between "),
                            org.hamcrest.Matchers.containsString("differs from its signed checkpoint"))));
        } finally {
            asSuperuser(flipAndRehash);
        }
        mvc.perform(auditor(get("/api/audit/verify"))).andExpect(jsonPath("$.authentic").value(true));
    }

    @Test
    void aVoteRewrittenOnlyInTheColumnsAuditorsReadIsNamed() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        LogEntry vote = awaitEntries(releaseId, 6).get(3);
        String rewrite = "set data = convert_to(replace(convert_from(data, 'UTF8'), 'APPROVE', 'REJECT'), 'UTF8'), "
                + "payload = replace(payload::text, 'APPROVE', 'REJECT')::jsonb";
        String restore = "set data = convert_to(replace(convert_from(data, 'UTF8'), 'REJECT', 'APPROVE'), 'UTF8'), "
                + "payload = replace(payload::text, 'REJECT', 'APPROVE')::jsonb";

        asSuperuser("update audit.log_entry " + rewrite + " where log_index = " + vote.logIndex());
        try {
            mvc.perform(auditor(get("/api/audit/verify")))
                    .andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.firstBadEntry").value(vote.logIndex()));
        } finally {
            asSuperuser("update audit.log_entry " + restore + " where log_index = " + vote.logIndex());
        }
    }

    @Test
    void anEventsDataRewrittenToBytesThatAreNotTextIsNamed() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        LogEntry vote = awaitEntries(releaseId, 6).get(3);

        asSuperuser("update audit.log_entry set data = '\\xff'::bytea || data where log_index = " + vote.logIndex());
        try {
            mvc.perform(auditor(get("/api/audit/verify")))
                    .andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.firstBadEntry").value(vote.logIndex()));
        } finally {
            asSuperuser("update audit.log_entry set data = substring(data from 2) where log_index = "
                    + vote.logIndex());
        }
        mvc.perform(auditor(get("/api/audit/verify"))).andExpect(jsonPath("$.authentic").value(true));
    }

    @Test
    void aCheckpointSignedWithTheLogsKeyForAnotherOriginIsNotTheLogs(@Autowired NoteSigner logKey) throws Exception {
        GovernanceTopic.publish(Story.stage117M(Story.uniqueReleaseId()));
        NoteVerifier verifier = NoteVerifier.parse(logKey.verifierKey());
        Checkpoint latest = awaitCheckpointCovering(verifier, 6);
        // far beyond the log, so the live feed never signs this size itself
        long size = latest.size() + 1_000_000;
        String otherLogs = logKey.sign(new Checkpoint("releasegovernance.org/staging-audit", size, latest.root())
                .body());

        asSuperuser("insert into audit.checkpoint (tree_size, root_hash, note) values (" + size + ", decode('"
                + HexFormat.of().formatHex(latest.root()) + "', 'hex'), '" + otherLogs + "')");
        try {
            mvc.perform(auditor(get("/api/audit/verify")))
                    .andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.authentic").value(false))
                    .andExpect(jsonPath("$.problem").value("the checkpoint of size " + size + " is not the log's own "
                            + "(its key and origin): the checkpoint is for origin "
                            + "\"releasegovernance.org/staging-audit\", not for the expected \""
                            + logKey.name() + "\""));
        } finally {
            asSuperuser("delete from audit.checkpoint where tree_size = " + size);
        }
        mvc.perform(auditor(get("/api/audit/verify"))).andExpect(jsonPath("$.authentic").value(true));
    }

    @Test
    void aProofBeyondTheLogIsABadRequestAndThePublicKeyNeedsNoToken() throws Exception {
        mvc.perform(auditor(get("/api/audit/proofs/inclusion").param("index", "5").param("treeSize", "5")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/proof-out-of-range"));
        mvc.perform(auditor(get("/api/audit/proofs/consistency").param("from", "1")
                        .param("to", Long.toString(Long.MAX_VALUE))))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/audit/public-key")).andExpect(status().isOk())
                .andExpect(jsonPath("$.verifierKey").value(org.hamcrest.Matchers.startsWith(
                        "releasegovernance.org/audit-log+")));
        mvc.perform(get("/api/audit/checkpoint")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/audit/verify").header("Authorization", "Bearer demo-member-1"))
                .andExpect(status().isForbidden());
    }

    /** What a database superuser could do: bypass the append-only trigger for one session and change a byte. */
    private static void flipOneByteOfTheEntry(long logIndex) throws SQLException {
        asSuperuser("update audit.log_entry set leaf = set_byte(leaf, 20, get_byte(leaf, 20) # 1) "
                + "where log_index = " + logIndex);
    }

    private static void asSuperuser(String update) throws SQLException {
        PostgresServer postgres = TestInfrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            assertThat(statement.executeUpdate(update)).isEqualTo(1);
        }
    }

    private Checkpoint awaitCheckpointCovering(NoteVerifier verifier, long size) {
        return await().atMost(PATIENCE).until(
                () -> Checkpoint.parse(verifier.verify(body(auditor(get("/api/audit/checkpoint"))))),
                checkpoint -> checkpoint.size() >= size);
    }

    private List<LogEntry> awaitEntries(String releaseId, int count) {
        return await().atMost(PATIENCE).until(() -> auditLog.releaseHistory(releaseId),
                entries -> entries.size() >= count);
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> hashes = new ArrayList<>();
        proof.get("hashes").forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asText())));
        return hashes;
    }

    private static MockHttpServletRequestBuilder auditor(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer demo-auditor");
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .asyncDispatch(result)).andReturn();
        }
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
