package org.releasegovernance.problems;

import java.io.IOException;

/**
 * A request body grew beyond the cap while it was read. An {@link IOException}, so whatever reads the body (a JSON
 * parser, a filter) stops at once; it carries the 413 answer.
 */
public class BodyTooLarge extends IOException {

    private final long limit;

    public BodyTooLarge(long limit) {
        super("The request body exceeds " + limit + " bytes.");
        this.limit = limit;
    }

    public Refusal refusal() {
        return new Refusal(CommonProblems.REQUEST_TOO_LARGE, "The request body exceeds " + limit + " bytes.");
    }
}
