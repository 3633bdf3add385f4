package org.releasegovernance.audit.checkpoint;

import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.NoteSigner;
import org.releasegovernance.tlog.NoteVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** The signed tree heads of the log, one per size the log reached after an append; all are kept. */
@Repository
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final JdbcTemplate jdbc;
    private final NoteSigner signer;

    public Checkpoints(JdbcTemplate jdbc, NoteSigner signer) {
        this.jdbc = jdbc;
        this.signer = signer;
    }

    /** Signs and stores the checkpoint of the tree of the given size; call it in the append's transaction. */
    public String sign(long treeSize, byte[] root) {
        String note = signer.sign(new Checkpoint(origin(), treeSize, root).body());
        jdbc.update("insert into checkpoint (tree_size, root_hash, note) values (?, ?, ?)", treeSize, root, note);
        log.info("signed checkpoint of tree size {}", treeSize);
        return note;
    }

    /** The latest signed note, if the log has any entry. */
    public Optional<SignedCheckpoint> latest() {
        return jdbc.query("select tree_size, root_hash, note from checkpoint order by tree_size desc limit 1",
                Checkpoints::row).stream().findFirst();
    }

    /** The signed note of a given tree size, if one was signed. */
    public Optional<SignedCheckpoint> atSize(long treeSize) {
        return jdbc.query("select tree_size, root_hash, note from checkpoint where tree_size = ?",
                Checkpoints::row, treeSize).stream().findFirst();
    }

    /** All checkpoints, smallest tree first. */
    public List<SignedCheckpoint> all() {
        return jdbc.query("select tree_size, root_hash, note from checkpoint order by tree_size", Checkpoints::row);
    }

    /** The origin line of the log's checkpoints: the signing key's name, so a checkpoint names its log. */
    public String origin() {
        return signer.name();
    }

    /**
     * Whether this instance's key verifies the latest checkpoint (or none was signed yet). All instances of a log
     * must sign with one key: a second key would make the log's history two signers' histories, and every check of
     * a checkpoint with the published key would fail on the other's.
     *
     * @return empty if it does, else why not
     */
    public Optional<String> signsWithTheLogsKey() {
        return latest().flatMap(latest -> {
            try {
                Checkpoint.open(latest.note(), origin(), NoteVerifier.parse(verifierKey()));
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("this instance's signing key " + verifierKey() + " does not verify the log's "
                        + "latest checkpoint (tree size " + latest.treeSize() + "): every instance must sign with "
                        + "the same key (audit.signing.private-key or key-file): " + e.getMessage());
            }
        });
    }

    /** The verifier key of the signing key. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    private static SignedCheckpoint row(java.sql.ResultSet row, int number) throws java.sql.SQLException {
        return new SignedCheckpoint(row.getLong("tree_size"), row.getBytes("root_hash"), row.getString("note"));
    }

    /** A stored checkpoint: the tree size, its root and the signed note. */
    public record SignedCheckpoint(long treeSize, byte[] root, String note) {
    }
}
