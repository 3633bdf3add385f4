package org.releasegovernance.notifier.outbound;

/** A URL the notifier will not call: not http(s), unresolvable, or resolving to a non-public address. */
public class RefusedDestination extends Exception {

    public RefusedDestination(String reason) {
        super(reason);
    }
}
