package org.releasegovernance.governance.web;

/**
 * A decision taken inside a request's transaction (one with an {@code Idempotency-Key}) lost a race: a concurrent
 * write to the same release was stored first. The event store's refusal aborts the surrounding PostgreSQL
 * transaction, so nothing more can happen in it; the {@code Idempotency-Key} filter, which opened it, rolls back and
 * runs the request again from the start ({@link RunConflictingWritesAgain}).
 *
 * <p>The refusal is attached as suppressed, not as the cause: Spring matches exception handlers against causes too,
 * and the handler for a second registration must not answer for a transaction that can no longer commit.
 */
public class ConflictingWrite extends RuntimeException {

    public ConflictingWrite(RuntimeException refusal) {
        super("A concurrent write to the same release was stored first: " + refusal.getMessage());
        addSuppressed(refusal);
    }
}
