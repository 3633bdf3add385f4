package org.releasegovernance.verifier;

import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteVerifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an audit log export offline: every entry's leaf hash recomputed from its bytes, the root recomputed and
 * compared with a checkpoint whose signature verifies with the given key, and, given an older saved checkpoint, that
 * the log only grew since (the old root is the root of the export's prefix, and a consistency proof, if given,
 * verifies), and that the log is complete: every release's sequence runs from 0 without a gap. Exit status 0 when all
 * holds, 1 naming the first problem, 2 on bad usage.
 */
public final class AuditVerifier {

    static final String USAGE = """
            usage: java -jar audit-verifier.jar --checkpoint checkpoint.txt --key <verifier key>
                   [--export log.jsonl] [--old-checkpoint saved-checkpoint.txt [--consistency-proof proof.json]]
                   [--inclusion-proof inclusion.json --index <log index>]
              --key takes the note verifier key (GET /api/audit/public-key, field verifierKey) or @file;
              without --export, the proofs alone are checked against the checkpoints""";

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(?:\"([^\"]*)\"|(-?\\d+))");
    private static final Pattern HASHES = Pattern.compile("\"hashes\"\\s*:\\s*\\[([^]]*)]");
    /**
     * The release and sequence of a canonical entry (RFC 8785 sorts the keys, so these three are adjacent at the top
     * level; inside the event data a quote is always escaped, so the data cannot fake them).
     */
    private static final Pattern RELEASE_SEQUENCE = Pattern.compile(
            "\"sequence\":(\\d+),\"source\":\"/releases/([^\"\\\\]*)\",\"specversion\":");

    private AuditVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.keySet().stream().allMatch(List.of("--export", "--checkpoint",
                "--key", "--old-checkpoint", "--consistency-proof", "--inclusion-proof", "--index")::contains)
                || !options.keySet().containsAll(List.of("--checkpoint", "--key"))
                || options.containsKey("--inclusion-proof") != options.containsKey("--index")
                || (!options.containsKey("--export") && !options.containsKey("--consistency-proof")
                && !options.containsKey("--inclusion-proof"))) {
            err.println(USAGE);
            return 2;
        }
        try {
            String key = options.get("--key");
            NoteVerifier verifier = NoteVerifier.parse(key.startsWith("@") ? read(key.substring(1)) : key);
            Checkpoint head = checkpoint(verifier, options.get("--checkpoint"));
            if (options.containsKey("--inclusion-proof")) {
                long index = Long.parseLong(options.get("--index"));
                String proof = read(options.get("--inclusion-proof"));
                Matcher leafHash = Pattern.compile("\"leafHash\"\\s*:\\s*\"([^\"]+)\"").matcher(proof);
                if (!leafHash.find() || !Merkle.verifyInclusion(index, head.size(),
                        Base64.getDecoder().decode(leafHash.group(1)), proof(proof), head.root())) {
                    return fail(err, "entry " + index + " is not proven in the checkpoint of size " + head.size());
                }
                out.println("OK: entry " + index + " is in the log of size " + head.size());
            }
            if (!options.containsKey("--export")) {
                return options.containsKey("--consistency-proof") ? proofOnly(options, verifier, head, out, err) : 0;
            }
            Map<String, BitSet> sequences = new TreeMap<>();
            List<byte[]> leaves = leaves(Path.of(options.get("--export")), sequences);
            if (leaves.size() < head.size()) {
                return fail(err, "the export holds " + leaves.size() + " entries; the checkpoint covers "
                        + head.size());
            }
            if (!Arrays.equals(Merkle.root(leaves, (int) head.size()), head.root())) {
                return fail(err, "the root of the export's first " + head.size()
                        + " entries differs from the signed checkpoint: the entries and their hashes were rewritten");
            }
            out.println("OK: " + head.size() + " entries match the checkpoint signed by " + verifier.name());
            for (Map.Entry<String, BitSet> release : sequences.entrySet()) {
                int missing = release.getValue().nextClearBit(0);
                if (missing < release.getValue().length()) {
                    return fail(err, "the log is incomplete: release " + release.getKey() + " lacks sequence "
                            + missing + " (it holds sequences up to " + (release.getValue().length() - 1) + ")");
                }
            }
            out.println("OK: the sequences of " + sequences.size() + " release(s) have no gap");
            if (options.containsKey("--old-checkpoint")) {
                Checkpoint old = checkpoint(verifier, options.get("--old-checkpoint"));
                if (old.size() > head.size()
                        || !Arrays.equals(Merkle.root(leaves, (int) old.size()), old.root())) {
                    return fail(err, "the log is not an extension of the old checkpoint of size " + old.size()
                            + ": history before it was rewritten");
                }
                if (options.containsKey("--consistency-proof")) {
                    List<byte[]> proof = proof(read(options.get("--consistency-proof")));
                    if (!Merkle.verifyConsistency(old.size(), head.size(), old.root(), head.root(), proof)) {
                        return fail(err, "the consistency proof from size " + old.size() + " to " + head.size()
                                + " does not verify");
                    }
                }
                out.println("OK: the log of size " + head.size() + " extends the old checkpoint of size "
                        + old.size());
            }
            return 0;
        } catch (BadEntry e) {
            return fail(err, e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
    }

    private static int proofOnly(Map<String, String> options, NoteVerifier verifier, Checkpoint head, PrintStream out,
                                 PrintStream err) throws IOException {
        if (!options.containsKey("--old-checkpoint")) {
            err.println(USAGE);
            return 2;
        }
        Checkpoint old = checkpoint(verifier, options.get("--old-checkpoint"));
        if (!Merkle.verifyConsistency(old.size(), head.size(), old.root(), head.root(),
                proof(read(options.get("--consistency-proof"))))) {
            return fail(err, "the consistency proof from size " + old.size() + " to " + head.size()
                    + " does not verify: history before the old checkpoint was rewritten");
        }
        out.println("OK: the log of size " + head.size() + " extends the old checkpoint of size " + old.size());
        return 0;
    }

    private static Checkpoint checkpoint(NoteVerifier verifier, String file) throws IOException {
        try {
            return Checkpoint.parse(verifier.verify(read(file)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the export, recomputing each leaf hash from the entry's bytes and noting each release's sequences. */
    private static List<byte[]> leaves(Path export, Map<String, BitSet> sequences) throws IOException {
        List<byte[]> leaves = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, String> fields = fields(line);
                long index = leaves.size();
                if (!String.valueOf(index).equals(fields.get("index"))) {
                    throw new BadEntry("entry " + index + " is missing: line " + (index + 1) + " has index "
                            + fields.get("index"));
                }
                byte[] entry = decode(fields.get("entry"), index);
                byte[] leafHash = Merkle.leafHash(entry);
                Matcher release = RELEASE_SEQUENCE.matcher(new String(entry, StandardCharsets.UTF_8));
                if (release.find()) {
                    sequences.computeIfAbsent(release.group(2), id -> new BitSet())
                            .set(Math.toIntExact(Long.parseLong(release.group(1))));
                }
                if (!Arrays.equals(leafHash, decode(fields.get("leafHash"), index))) {
                    throw new BadEntry("entry " + index + " (event " + fields.get("eventId")
                            + ") was altered: its bytes no longer match its leaf hash");
                }
                leaves.add(leafHash);
            }
        }
        return leaves;
    }

    private static byte[] decode(String base64, long index) {
        if (base64 == null) {
            throw new BadEntry("entry " + index + " lacks its entry or leafHash field");
        }
        return Base64.getDecoder().decode(base64);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        }
        return fields;
    }

    private static List<byte[]> proof(String json) {
        Matcher matcher = HASHES.matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the consistency proof has no \"hashes\" array");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (String hash : matcher.group(1).split(",")) {
            if (!hash.isBlank()) {
                hashes.add(Base64.getDecoder().decode(hash.strip().replace("\"", "")));
            }
        }
        return hashes;
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static int fail(PrintStream err, String problem) {
        err.println("FAILED: " + problem);
        return 1;
    }

    private static final class BadEntry extends RuntimeException {
        BadEntry(String message) {
            super(message);
        }
    }
}
