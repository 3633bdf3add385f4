package org.releasegovernance.verifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteSigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An auditor checks an export offline; any rewrite is named. */
class AuditVerifierTest {

    private static final NoteSigner LOG_KEY = NoteSigner.generate("example.org/audit");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anUntouchedExportThatExtendsTheSavedCheckpointVerifies() throws IOException {
        List<byte[]> entries = entries(10);
        write(entries, "log.jsonl");
        checkpoint(entries, 10, "head.txt");
        checkpoint(entries, 4, "old.txt");
        List<byte[]> leaves = entries.stream().map(Merkle::leafHash).toList();
        Files.writeString(dir.resolve("proof.json"), "{\"hashes\": [" + String.join(",", Merkle.consistencyProof(
                leaves, 4, 10).stream().map(h -> "\"" + Base64.getEncoder().encodeToString(h) + "\"").toList())
                + "]}");

        int status = run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey(),
                "--old-checkpoint", "old.txt", "--consistency-proof", "proof.json");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("10 entries match").contains("extends the old checkpoint of size 4");
    }

    @Test
    void proofsAloneShowAnEntryInTheLogAndTheLogsGrowthWithoutAnExport() throws IOException {
        List<byte[]> entries = entries(13);
        List<byte[]> leaves = entries.stream().map(Merkle::leafHash).toList();
        checkpoint(entries, 13, "head.txt");
        checkpoint(entries, 5, "old.txt");
        Files.writeString(dir.resolve("inclusion.json"), "{\"leafHash\":\""
                + Base64.getEncoder().encodeToString(leaves.get(7)) + "\",\"hashes\":" + json(
                Merkle.inclusionProof(leaves, 7, 13)) + "}");
        Files.writeString(dir.resolve("consistency.json"), "{\"hashes\":" + json(
                Merkle.consistencyProof(leaves, 5, 13)) + "}");

        assertThat(run("--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey(), "--inclusion-proof",
                "inclusion.json", "--index", "7", "--old-checkpoint", "old.txt", "--consistency-proof",
                "consistency.json")).as(err.toString()).isZero();
        assertThat(run("--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey(), "--inclusion-proof",
                "inclusion.json", "--index", "6")).isEqualTo(1);
        assertThat(err.toString()).contains("entry 6 is not proven").contains("calculated root");

        Files.writeString(dir.resolve("short.json"), "{\"leafHash\":\""
                + Base64.getEncoder().encodeToString(leaves.get(7)) + "\",\"hashes\":" + json(
                Merkle.inclusionProof(leaves, 7, 13).subList(1, 4)) + "}");
        assertThat(run("--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey(), "--inclusion-proof",
                "short.json", "--index", "7")).isEqualTo(1);
        assertThat(err.toString()).contains("entry 7 is not proven in the checkpoint of size 13: wrong proof size 3, "
                + "want 4");
    }

    @Test
    void aChangedByteIsNamedByItsEntry() throws IOException {
        List<byte[]> entries = entries(10);
        checkpoint(entries, 10, "head.txt");
        entries.get(6)[3] ^= 1;
        write(entries, "log.jsonl", Merkle.leafHash(entries(10).get(6)));

        int status = run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("entry 6").contains("altered");
    }

    @Test
    void aRewrittenHistoryWithRecomputedHashesFailsAgainstTheSignedCheckpoint() throws IOException {
        List<byte[]> entries = entries(10);
        checkpoint(entries, 10, "head.txt");
        entries.get(2)[0] ^= 1;
        write(entries, "log.jsonl");

        assertThat(run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey()))
                .isEqualTo(1);
        byte[] signedRoot = Merkle.root(entries(10).stream().map(Merkle::leafHash).toList(), 10);
        byte[] rewrittenRoot = Merkle.root(entries.stream().map(Merkle::leafHash).toList(), 10);
        assertThat(err.toString()).contains("differs from the signed checkpoint").contains("calculated root "
                + Base64.getEncoder().encodeToString(rewrittenRoot) + " does not match expected root "
                + Base64.getEncoder().encodeToString(signedRoot));
    }

    @Test
    void aCheckpointSignedByTheLogsKeyButForAnotherOriginIsRefused() throws IOException {
        List<byte[]> entries = entries(3);
        write(entries, "log.jsonl");
        byte[] root = Merkle.root(entries.stream().map(Merkle::leafHash).toList(), 3);
        Files.writeString(dir.resolve("staging.txt"), LOG_KEY.sign(new Checkpoint("example.org/staging-audit", 3,
                root).body()));

        assertThat(run("--export", "log.jsonl", "--checkpoint", "staging.txt", "--key", LOG_KEY.verifierKey()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("the checkpoint is for origin \"example.org/staging-audit\", not for the "
                + "expected \"example.org/audit\"");
        assertThat(run("--export", "log.jsonl", "--checkpoint", "staging.txt", "--key", LOG_KEY.verifierKey(),
                "--origin", "example.org/staging-audit")).as(err.toString()).isZero();
    }

    @Test
    void anExportThatRewroteHistoryBeforeTheSavedCheckpointIsNotAnExtensionOfIt() throws IOException {
        List<byte[]> entries = entries(10);
        checkpoint(entries, 4, "old.txt");
        entries.get(1)[0] ^= 1;
        write(entries, "log.jsonl");
        checkpoint(entries, 10, "head.txt");

        assertThat(run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey(),
                "--old-checkpoint", "old.txt")).isEqualTo(1);
        assertThat(err.toString()).contains("the log is not an extension of the old checkpoint of size 4: history "
                + "before it was rewritten (calculated root");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() throws IOException {
        List<byte[]> entries = entries(3);
        write(entries, "log.jsonl");
        checkpoint(entries, 3, "head.txt");

        assertThat(run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key",
                NoteSigner.generate("example.org/audit").verifierKey())).isEqualTo(1);
        assertThat(err.toString()).contains("no valid signature");
    }

    @Test
    void aReleaseWhoseSequenceHasAGapMakesTheLogIncomplete() throws IOException {
        List<byte[]> entries = new ArrayList<>();
        for (int sequence : new int[] {0, 1, 3}) {
            // the rationale quotes a sequence: escaped inside the data, it must not count
            entries.add(("{\"actor\":\"chair\",\"data\":{\"rationale\":\"\\\"sequence\\\":2\"},\"id\":\"e-"
                    + sequence + "\",\"position\":" + sequence + ",\"sequence\":" + sequence
                    + ",\"source\":\"/releases/gpt-2\",\"specversion\":\"1.0\"}").getBytes(StandardCharsets.UTF_8));
        }
        entries.add(("{\"id\":\"e-9\",\"position\":9,\"sequence\":0,\"source\":\"/releases/gpt-3\","
                + "\"specversion\":\"1.0\"}").getBytes(StandardCharsets.UTF_8));
        write(entries, "log.jsonl");
        checkpoint(entries, 4, "head.txt");

        assertThat(run("--export", "log.jsonl", "--checkpoint", "head.txt", "--key", LOG_KEY.verifierKey()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("the log is incomplete: release gpt-2 lacks sequence 2 (it holds "
                + "sequences up to 3)");

        write(entries.subList(0, 2), "complete.jsonl");
        checkpoint(entries.subList(0, 2), 2, "complete.txt");
        assertThat(run("--export", "complete.jsonl", "--checkpoint", "complete.txt", "--key",
                LOG_KEY.verifierKey())).isZero();
        assertThat(out.toString()).contains("the sequences of 1 release(s) have no gap");
    }

    private int run(String... args) {
        String[] resolved = args.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i].endsWith(".txt") || resolved[i].endsWith(".jsonl") || resolved[i].endsWith(".json")) {
                resolved[i] = dir.resolve(resolved[i]).toString();
            }
        }
        return AuditVerifier.run(resolved, new PrintStream(out), new PrintStream(err));
    }

    private static String json(List<byte[]> hashes) {
        return "[" + String.join(",", hashes.stream()
                .map(h -> "\"" + Base64.getEncoder().encodeToString(h) + "\"").toList()) + "]";
    }

    private static List<byte[]> entries(int count) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(("{\"id\":\"event-" + i + "\",\"type\":\"VoteCast\"}").getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    private void write(List<byte[]> entries, String file, byte[]... originalHashOfEntry6) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            byte[] hash = i == 6 && originalHashOfEntry6.length > 0 ? originalHashOfEntry6[0]
                    : Merkle.leafHash(entries.get(i));
            lines.append("{\"index\":").append(i).append(",\"leafHash\":\"")
                    .append(Base64.getEncoder().encodeToString(hash)).append("\",\"entry\":\"")
                    .append(Base64.getEncoder().encodeToString(entries.get(i))).append("\"}\n");
        }
        Files.writeString(dir.resolve(file), lines);
    }

    private void checkpoint(List<byte[]> entries, int size, String file) throws IOException {
        byte[] root = Merkle.root(entries.stream().map(Merkle::leafHash).toList(), size);
        Files.writeString(dir.resolve(file), LOG_KEY.sign(new Checkpoint(LOG_KEY.name(), size, root).body()));
    }
}
