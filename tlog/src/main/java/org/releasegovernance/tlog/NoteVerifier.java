package org.releasegovernance.tlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Verifies C2SP signed notes signed with Ed25519, given a note verifier key
 * {@code <name>+<hex key hash>+<base64(0x01 || public key)>}. The key hash is the first four bytes of
 * SHA-256(name || 0x0A || 0x01 || public key).
 */
public final class NoteVerifier {

    static final byte ALG_ED25519 = 0x01;
    static final String SIGNATURE_PREFIX = "\u2014 ";
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final String name;
    private final byte[] keyHash;
    private final PublicKey publicKey;

    private NoteVerifier(String name, byte[] keyHash, PublicKey publicKey) {
        this.name = name;
        this.keyHash = keyHash;
        this.publicKey = publicKey;
    }

    /** Reads a verifier key, checking its hash. */
    public static NoteVerifier parse(String verifierKey) {
        String[] parts = verifierKey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is <name>+<hash>+<key>");
        }
        byte[] encoded = Base64.getDecoder().decode(parts[2]);
        if (encoded.length != 33 || encoded[0] != ALG_ED25519) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key");
        }
        byte[] raw = Arrays.copyOfRange(encoded, 1, 33);
        byte[] hash = keyHash(parts[0], raw);
        if (!HexFormat.of().formatHex(hash).equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's hash does not match its name and key");
        }
        try {
            byte[] x509 = new byte[X509_PREFIX.length + raw.length];
            System.arraycopy(X509_PREFIX, 0, x509, 0, X509_PREFIX.length);
            System.arraycopy(raw, 0, x509, X509_PREFIX.length, raw.length);
            return new NoteVerifier(parts[0], hash,
                    KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the verifier key is not a valid Ed25519 public key", e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * The text of a signed note whose signature by this key verifies.
     *
     * @throws IllegalArgumentException if the note is malformed or carries no valid signature by this key
     */
    public String verify(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n") || split + 2 >= note.length()) {
            throw new IllegalArgumentException("a signed note is text, a blank line and signature lines");
        }
        String text = note.substring(0, split + 1);
        for (String line : note.substring(split + 2, note.length() - 1).split("\n")) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw new IllegalArgumentException("malformed signature line: " + line);
            }
            String[] fields = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (fields.length != 2 || !fields[0].equals(name)) {
                continue;
            }
            byte[] tagged = Base64.getDecoder().decode(fields[1]);
            // padded standard base64 only, as Go's note package reads it: one signature has one spelling
            if (!Base64.getEncoder().encodeToString(tagged).equals(fields[1])) {
                throw new IllegalArgumentException("the signature is not in padded standard base64: " + line);
            }
            if (tagged.length == 4 + 64 && Arrays.equals(Arrays.copyOf(tagged, 4), keyHash)
                    && signatureVerifies(text, Arrays.copyOfRange(tagged, 4, tagged.length))) {
                return text;
            }
        }
        throw new IllegalArgumentException("the note carries no valid signature by " + name);
    }

    private boolean signatureVerifies(String text, byte[] signature) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String verifierKey(String name, byte[] publicKey) {
        byte[] encoded = new byte[33];
        encoded[0] = ALG_ED25519;
        System.arraycopy(publicKey, 0, encoded, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyHash(name, publicKey)) + "+"
                + Base64.getEncoder().encodeToString(encoded);
    }

    static byte[] keyHash(String name, byte[] publicKey) {
        var sha256 = Merkle.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0x0A);
        sha256.update(ALG_ED25519);
        return Arrays.copyOf(sha256.digest(publicKey), 4);
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
    }
}
