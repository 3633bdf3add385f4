package org.releasegovernance.governance.web;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.releasegovernance.governance.release.Rule;
import org.releasegovernance.governance.release.RuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Axon's refusals as the governance rules they are. Everything else (rule violations, bad input, the unexpected)
 * is answered by the shared problem advice, which this one comes before.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandRefusals {

    private static final Logger log = LoggerFactory.getLogger(CommandRefusals.class);

    /**
     * Two registrations of one id raced and the event store refused the second. Its message holds the SQL
     * statement and the constraint's name, which are no business of the client.
     */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> alreadyRegistered(AggregateStreamCreationException exception) {
        log.info("refused: {} (the event store already holds the release)", Rule.RELEASE_ALREADY_REGISTERED.slug());
        return answer(new RuleViolation(Rule.RELEASE_ALREADY_REGISTERED,
                "A release with this id is already registered."));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> releaseNotFound(AggregateNotFoundException exception) {
        return answer(new RuleViolation(Rule.RELEASE_NOT_FOUND,
                "No release " + exception.getAggregateIdentifier() + " is registered."));
    }

    /**
     * A keyed request lost a race on its release; the {@code Idempotency-Key} filter runs it again in a fresh
     * transaction ({@link RunConflictingWritesAgain}), so the exception must leave Spring MVC unanswered. Rethrowing
     * the handled exception is Spring MVC's way to decline it.
     */
    @ExceptionHandler(ConflictingWrite.class)
    void runAgainByIdempotencyKeys(ConflictingWrite conflict) {
        throw conflict;
    }

    private static ResponseEntity<ProblemDetail> answer(RuleViolation violation) {
        return ResponseEntity.status(violation.rule().status()).body(violation.toProblem());
    }
}
