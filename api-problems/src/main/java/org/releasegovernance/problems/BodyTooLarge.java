package org.releasegovernance.problems;

/** A request body grew beyond the cap while it was read: a 413. */
public class BodyTooLarge extends RefusedBody {

    private final long limit;

    public BodyTooLarge(long limit) {
        super("The request body exceeds " + limit + " bytes.");
        this.limit = limit;
    }

    @Override
    public Refusal refusal() {
        return new Refusal(CommonProblems.REQUEST_TOO_LARGE, "The request body exceeds " + limit + " bytes.");
    }
}
