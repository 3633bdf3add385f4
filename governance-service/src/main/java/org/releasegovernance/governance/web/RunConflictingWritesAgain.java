package org.releasegovernance.governance.web;

import org.releasegovernance.idempotency.RunAgainPolicy;
import org.springframework.stereotype.Component;

/**
 * A keyed decision that lost a race on its release ({@link ConflictingWrite}) is run again from the start: its
 * transaction was aborted, and against the release's new state it may well succeed or be refused by a rule.
 */
@Component
class RunConflictingWritesAgain implements RunAgainPolicy {

    @Override
    public boolean worthRunningAgain(RuntimeException failure) {
        return failure instanceof ConflictingWrite;
    }
}
