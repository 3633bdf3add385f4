package org.releasegovernance.problems;

/**
 * A request body that is not what its content type says, found while it is read (say, JSON that is not well-formed
 * UTF-8): a 400.
 */
public class MalformedBody extends RefusedBody {

    public MalformedBody(String detail) {
        super(detail);
    }

    @Override
    public Refusal refusal() {
        return new Refusal(CommonProblems.MALFORMED_REQUEST, getMessage());
    }
}
