package org.releasegovernance.tlog;

import java.util.Base64;

/**
 * A C2SP tlog-checkpoint body: the origin line, the tree size in decimal and the base64 root hash, each ending in a
 * newline (https://c2sp.org/tlog-checkpoint). Extension lines are not used.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (size < 0 || root.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a checkpoint has a size >= 0 and a 32-byte root hash");
        }
    }

    /** The body as signed. */
    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /**
     * Opens a signed checkpoint as transparency-dev's {@code ParseCheckpoint} does: its signature by the log's key
     * must verify and its origin line must be the log's. A valid signature alone does not do: a key that signs for
     * several logs (or a test log) would otherwise pass one log's checkpoint off as another's.
     *
     * @param origin the origin line the log's checkpoints carry
     * @throws IllegalArgumentException naming what is wrong: the signature, the form, or the origin
     */
    public static Checkpoint open(String note, String origin, NoteVerifier verifier) {
        Checkpoint checkpoint = parse(verifier.verify(note));
        if (!checkpoint.origin().equals(origin)) {
            throw new IllegalArgumentException("the checkpoint is for origin \"" + checkpoint.origin()
                    + "\", not for the expected \"" + origin + "\"");
        }
        return checkpoint;
    }

    /** Reads a checkpoint body (the text of a signed note) without checking whose it is; see {@link #open}. */
    public static Checkpoint parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length < 4 || !body.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash line");
        }
        try {
            if (!lines[1].matches("0|[1-9][0-9]*")) {
                throw new IllegalArgumentException("the size line is not a decimal number: " + lines[1]);
            }
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
        }
    }
}
