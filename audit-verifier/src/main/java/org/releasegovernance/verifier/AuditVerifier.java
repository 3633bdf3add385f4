package org.releasegovernance.verifier;

import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.EntryWalk;
import org.releasegovernance.tlog.InvalidProof;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteVerifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an audit log export offline: every entry's leaf hash recomputed from its bytes, the root recomputed and
 * compared with a checkpoint whose signature verifies with the given key and whose origin is the log's, and, given an
 * older saved checkpoint, that the log only grew since (the old root is the root of the export's prefix, and a
 * consistency proof, if given, verifies), and that the log is complete: every release's sequence runs from 0 without
 * a gap. The entries are walked by {@link EntryWalk}, as the audit service's own verification walks them. Exit status
 * 0 when all holds, 1 naming the first problem and why, 2 on bad usage.
 */
public final class AuditVerifier {

    static final String USAGE = """
            usage: java -jar audit-verifier.jar --checkpoint checkpoint.txt --key <verifier key>
                   [--export log.jsonl] [--old-checkpoint saved-checkpoint.txt [--consistency-proof proof.json]]
                   [--inclusion-proof inclusion.json --index <log index>] [--origin <checkpoint origin>]
              --key takes the note verifier key (GET /api/audit/public-key, field verifierKey) or @file;
              --origin is the origin line the log's checkpoints carry, by default the key's name;
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
                "--key", "--old-checkpoint", "--consistency-proof", "--inclusion-proof", "--index", "--origin")::contains)
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
            String origin = options.getOrDefault("--origin", verifier.name());
            Checkpoint head = checkpoint(verifier, origin, options.get("--checkpoint"));
            if (options.containsKey("--inclusion-proof")) {
                long index = Long.parseLong(options.get("--index"));
                String proof = read(options.get("--inclusion-proof"));
                Matcher leafHash = Pattern.compile("\"leafHash\"\\s*:\\s*\"([^\"]+)\"").matcher(proof);
                if (!leafHash.find()) {
                    return fail(err, "the inclusion proof has no \"leafHash\"");
                }
                try {
                    Merkle.verifyInclusion(index, head.size(), Base64.getDecoder().decode(leafHash.group(1)),
                            proof(proof), head.root());
                } catch (InvalidProof e) {
                    return fail(err, "entry " + index + " is not proven in the checkpoint of size " + head.size()
                            + ": " + e.getMessage());
                }
                out.println("OK: entry " + index + " is in the log of size " + head.size());
            }
            Checkpoint old = options.containsKey("--old-checkpoint")
                    ? checkpoint(verifier, origin, options.get("--old-checkpoint")) : null;
            if (!options.containsKey("--export")) {
                return options.containsKey("--consistency-proof") ? proofOnly(options, old, head, out, err) : 0;
            }
            if (old != null && old.size() > head.size()) {
                return fail(err, "the old checkpoint of size " + old.size() + " is larger than the checkpoint of size "
                        + head.size() + ": the log shrank");
            }
            Map<String, BitSet> sequences = new TreeMap<>();
            EntryWalk walk = new EntryWalk(old == null ? List.of(head) : List.of(old, head));
            walk(Path.of(options.get("--export")), walk, sequences);
            Optional<EntryWalk.Problem> problem = walk.finish();
            if (problem.isPresent()) {
                return fail(err, describe(problem.get(), head, old));
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
            if (old != null) {
                if (options.containsKey("--consistency-proof")) {
                    try {
                        Merkle.verifyConsistency(old.size(), head.size(), old.root(), head.root(),
                                proof(read(options.get("--consistency-proof"))));
                    } catch (InvalidProof e) {
                        return fail(err, "the consistency proof from size " + old.size() + " to " + head.size()
                                + " does not verify: " + e.getMessage());
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

    private static int proofOnly(Map<String, String> options, Checkpoint old, Checkpoint head, PrintStream out,
                                 PrintStream err) throws IOException {
        if (old == null) {
            err.println(USAGE);
            return 2;
        }
        try {
            Merkle.verifyConsistency(old.size(), head.size(), old.root(), head.root(),
                    proof(read(options.get("--consistency-proof"))));
        } catch (InvalidProof e) {
            return fail(err, "the consistency proof from size " + old.size() + " to " + head.size()
                    + " does not verify, so history before the old checkpoint was rewritten: " + e.getMessage());
        }
        out.println("OK: the log of size " + head.size() + " extends the old checkpoint of size " + old.size());
        return 0;
    }

    /** A problem of the walk in the words of an export check: which checkpoint a differing root breaks matters. */
    private static String describe(EntryWalk.Problem problem, Checkpoint head, Checkpoint old) {
        if (problem.mismatch() == null) {
            return problem.reason();
        }
        String roots = " (" + problem.mismatch().roots().getMessage() + ")";
        if (problem.mismatch().checkpoint() == old) {
            return "the log is not an extension of the old checkpoint of size " + old.size()
                    + ": history before it was rewritten" + roots;
        }
        return "the root of the export's first " + head.size() + " entries differs from the signed checkpoint: the "
                + "entries and their hashes were rewritten after entry " + problem.firstBadEntry() + roots;
    }

    private static Checkpoint checkpoint(NoteVerifier verifier, String origin, String file) throws IOException {
        try {
            return Checkpoint.open(read(file), origin, verifier);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Walks the export's entries, noting each release's sequences, until the walk finds a problem. */
    private static void walk(Path export, EntryWalk walk, Map<String, BitSet> sequences) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, String> fields = fields(line);
                if (fields.get("index") == null || !fields.get("index").matches("\\d+")) {
                    throw new BadEntry("line " + lineNumber + " has no entry index");
                }
                long index = Long.parseLong(fields.get("index"));
                byte[] entry = decode(fields.get("entry"), index);
                Matcher release = RELEASE_SEQUENCE.matcher(new String(entry, StandardCharsets.UTF_8));
                if (release.find()) {
                    sequences.computeIfAbsent(release.group(2), id -> new BitSet())
                            .set(Math.toIntExact(Long.parseLong(release.group(1))));
                }
                if (!walk.entry(index, fields.get("eventId"), entry, decode(fields.get("leafHash"), index))) {
                    return;
                }
            }
        }
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
