package org.releasegovernance.problems;

import java.io.IOException;

/**
 * A request body refused while it is read. An {@link IOException}, so whatever reads the body (a JSON parser, a
 * filter) stops at once; it carries the answer.
 */
public abstract class RefusedBody extends IOException {

    protected RefusedBody(String message) {
        super(message);
    }

    public abstract Refusal refusal();
}
