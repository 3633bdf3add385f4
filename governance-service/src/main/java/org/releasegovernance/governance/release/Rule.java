package org.releasegovernance.governance.release;

/**
 * The governance rules a command can break. Each has a stable slug (the last segment of the problem document's
 * {@code type} URI) and the kind of refusal it is.
 */
public enum Rule {
    RELEASE_NOT_FOUND(Kind.NOT_FOUND),
    RELEASE_ALREADY_REGISTERED(Kind.CONFLICT),
    STAGE_NOT_FOUND(Kind.NOT_FOUND),
    STAGE_ALREADY_PROPOSED(Kind.CONFLICT),
    VOTING_CLOSED(Kind.CONFLICT),
    SELF_VOTE_NOT_ALLOWED(Kind.CONFLICT),
    ONE_VOTE_PER_MEMBER(Kind.CONFLICT),
    STAGE_NOT_APPROVED(Kind.CONFLICT),
    STAGE_ALREADY_RELEASED(Kind.CONFLICT);

    /** How a refusal answers: the resource is missing, or the request conflicts with the current state. */
    public enum Kind {
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    Rule(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** e.g. {@code self-vote-not-allowed}. */
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }
}
