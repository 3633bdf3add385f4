package org.releasegovernance.governance.release;

import org.releasegovernance.problems.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * The governance rules a command can break. Each has a stable slug (the last segment of the problem document's
 * {@code type} URI) and the kind of refusal it is.
 */
public enum Rule implements ProblemType {
    RELEASE_NOT_FOUND(Kind.NOT_FOUND),
    STAGE_NOT_FOUND(Kind.NOT_FOUND),
    REVIEW_NOT_FOUND(Kind.NOT_FOUND),
    GRANT_NOT_FOUND(Kind.NOT_FOUND),
    RELEASE_ALREADY_REGISTERED(Kind.CONFLICT),
    INVALID_POLICY(Kind.UNPROCESSABLE),
    STAGE_ALREADY_PROPOSED(Kind.CONFLICT),
    UNKNOWN_FACTOR(Kind.UNPROCESSABLE),
    VOTING_CLOSED(Kind.CONFLICT),
    SELF_VOTE_NOT_ALLOWED(Kind.CONFLICT),
    ONE_VOTE_PER_MEMBER(Kind.CONFLICT),
    MEMBER_RECUSED(Kind.CONFLICT),
    RECUSAL_AFTER_VOTE(Kind.CONFLICT),
    STAGE_HALTED(Kind.CONFLICT),
    STAGE_NOT_HALTED(Kind.CONFLICT),
    STAGE_NOT_APPROVED(Kind.CONFLICT),
    STAGE_ALREADY_RELEASED(Kind.CONFLICT),
    EARLIEST_RELEASE_NOT_REACHED(Kind.CONFLICT),
    PREVIOUS_STAGE_NOT_RELEASED(Kind.CONFLICT),
    PUBLIC_INTERVAL_NOT_PASSED(Kind.CONFLICT),
    SCHEDULE_IN_PAST(Kind.UNPROCESSABLE),
    RELEASE_ALREADY_SCHEDULED(Kind.CONFLICT),
    NO_SCHEDULED_RELEASE(Kind.CONFLICT),
    PARTNER_ACCESS_NOT_ALLOWED(Kind.CONFLICT),
    PARTNER_ALREADY_GRANTED(Kind.CONFLICT),
    NO_ACTIVE_GRANT(Kind.CONFLICT),
    EXPIRY_IN_PAST(Kind.UNPROCESSABLE),
    PURPOSE_DESCRIPTION_REQUIRED(Kind.UNPROCESSABLE),
    STAGE_WITHDRAWN(Kind.CONFLICT),
    MISUSE_ON_UNRELEASED_STAGE(Kind.CONFLICT),
    REVIEW_DUE_IN_PAST(Kind.UNPROCESSABLE),
    REVIEW_ALREADY_PUBLISHED(Kind.CONFLICT),
    VERSION_MISMATCH(Kind.PRECONDITION_FAILED),
    IDEMPOTENCY_KEY_REUSED(Kind.UNPROCESSABLE),
    IDEMPOTENCY_KEY_IN_PROGRESS(Kind.CONFLICT);

    /** How a refusal answers: 404, 409, 422 or 412. */
    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        UNPROCESSABLE,
        PRECONDITION_FAILED
    }

    private final Kind kind;

    Rule(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public HttpStatus status() {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
    }

    /** e.g. {@code self-vote-not-allowed}. */
    @Override
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }
}
