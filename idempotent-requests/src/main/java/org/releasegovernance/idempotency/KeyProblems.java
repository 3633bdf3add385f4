package org.releasegovernance.idempotency;

import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.Refusal;
import org.springframework.http.HttpStatus;

import java.util.Map;

/**
 * The refusals of a key itself, the same in every service. Like a governance rule, each names itself in the problem
 * document's {@code rule}, so clients that branch on rules see these as they always have.
 */
enum KeyProblems implements ProblemType {
    REUSED(HttpStatus.UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED"),
    IN_PROGRESS(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_IN_PROGRESS");

    private final HttpStatus status;
    private final String rule;

    KeyProblems(HttpStatus status, String rule) {
        this.status = status;
        this.rule = rule;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String slug() {
        return rule.toLowerCase().replace('_', '-');
    }

    Refusal refusal(String detail) {
        return new Refusal(this, detail, Map.of("rule", rule));
    }
}
