package org.releasegovernance.tlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs C2SP signed notes (https://c2sp.org/signed-note) with an Ed25519 key. The key is written in the note
 * ecosystem's signer-key form {@code PRIVATE+KEY+<name>+<hex key hash>+<base64(0x01 || 32-byte seed)>}, which Go's
 * {@code golang.org/x/mod/sumdb/note.NewSigner} also reads.
 */
public final class NoteSigner {

    private static final String PRIVATE_KEY_PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final byte[] seed;

    private NoteSigner(String name, PrivateKey privateKey, byte[] publicKey, byte[] seed) {
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.seed = seed;
    }

    /** A new random key under the given name. */
    public static NoteSigner generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return fromSeed(name, seed);
    }

    /** Reads a key in signer-key form, checking that its key hash matches. */
    public static NoteSigner parse(String signerKey) {
        String key = signerKey.strip();
        if (!key.startsWith(PRIVATE_KEY_PREFIX)) {
            throw new IllegalArgumentException("a signer key starts with " + PRIVATE_KEY_PREFIX);
        }
        String[] parts = key.substring(PRIVATE_KEY_PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a signer key is PRIVATE+KEY+<name>+<hash>+<key>");
        }
        byte[] encoded = Base64.getDecoder().decode(parts[2]);
        if (encoded.length != 33 || encoded[0] != NoteVerifier.ALG_ED25519) {
            throw new IllegalArgumentException("the signer key is not an Ed25519 key");
        }
        NoteSigner signer = fromSeed(parts[0], Arrays.copyOfRange(encoded, 1, 33));
        if (!HexFormat.of().formatHex(signer.keyHash()).equals(parts[1])) {
            throw new IllegalArgumentException("the signer key's hash does not match its name and key");
        }
        return signer;
    }

    private static NoteSigner fromSeed(String name, byte[] seed) {
        NoteVerifier.checkName(name);
        try {
            // The JDK derives an Ed25519 key pair from the 32 bytes its generator draws: hand it the seed.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            KeyPair pair = generator.generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            return new NoteSigner(name, pair.getPrivate(), Arrays.copyOfRange(x509, x509.length - 32, x509.length),
                    seed.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this Java runtime", e);
        }
    }

    public String name() {
        return name;
    }

    /** The note verifier key: {@code <name>+<hex key hash>+<base64(0x01 || public key)>}. */
    public String verifierKey() {
        return NoteVerifier.verifierKey(name, publicKey);
    }

    /** The key in signer-key form, for a key file; a secret: never log it. */
    public String signerKey() {
        byte[] encoded = new byte[33];
        encoded[0] = NoteVerifier.ALG_ED25519;
        System.arraycopy(seed, 0, encoded, 1, 32);
        return PRIVATE_KEY_PREFIX + name + "+" + HexFormat.of().formatHex(keyHash()) + "+"
                + Base64.getEncoder().encodeToString(encoded);
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey() + "]";
    }

    public byte[] keyHash() {
        return NoteVerifier.keyHash(name, publicKey);
    }

    /** The signed note: the text, a blank line and one signature line {@code — <name> <base64(hash || sig)>}. */
    public String sign(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline");
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed25519.sign();
            byte[] tagged = new byte[4 + signature.length];
            System.arraycopy(keyHash(), 0, tagged, 0, 4);
            System.arraycopy(signature, 0, tagged, 4, signature.length);
            return text + "\n" + NoteVerifier.SIGNATURE_PREFIX + name + " "
                    + Base64.getEncoder().encodeToString(tagged) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the note could not be signed", e);
        }
    }
}
