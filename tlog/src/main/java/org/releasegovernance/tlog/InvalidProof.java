package org.releasegovernance.tlog;

/**
 * Why a Merkle proof does not verify, in words an auditor can act on (the errors of transparency-dev's
 * {@code proof/verify.go}): an index beyond the tree, a proof of the wrong size, or a root that differs
 * ({@link RootMismatch}).
 */
public class InvalidProof extends Exception {

    InvalidProof(String reason) {
        super(reason);
    }
}
