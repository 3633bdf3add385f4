package org.releasegovernance.tlog;

import java.util.Base64;

/**
 * A proof, or a walk over the entries, that yields another root than the one expected: the entries or the proof
 * were changed after the expected root was signed. Both roots are kept so a report can show them.
 */
public final class RootMismatch extends InvalidProof {

    private final byte[] expected;
    private final byte[] calculated;

    public RootMismatch(byte[] expected, byte[] calculated) {
        super("calculated root " + base64(calculated) + " does not match expected root " + base64(expected));
        this.expected = expected.clone();
        this.calculated = calculated.clone();
    }

    public byte[] expected() {
        return expected.clone();
    }

    public byte[] calculated() {
        return calculated.clone();
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
