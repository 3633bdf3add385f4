package org.releasegovernance.idempotency;

/**
 * Says whether a keyed request that failed with an exception is worth running again from the start, in a fresh
 * transaction. A keyed request runs in the one transaction {@link IdempotencyKeys} opened, so a failure that aborted
 * that transaction (e.g. a write that lost a race) cannot be retried where it happened. A service whose writes can
 * lose such races declares one bean of this type; without one, no failure is run again.
 */
@FunctionalInterface
public interface RunAgainPolicy {

    /** Never runs a request again: the failure is the request's outcome. */
    RunAgainPolicy NEVER = failure -> false;

    /** Asked for the exception and for each of its causes, outermost first. */
    boolean worthRunningAgain(RuntimeException failure);
}
