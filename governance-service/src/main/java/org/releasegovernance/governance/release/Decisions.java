package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.releasegovernance.governance.release.Commands.Decision;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.web.ConflictingWrite;
import org.releasegovernance.governance.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.Objects;

/**
 * Sends the decisions of the API to the {@link Release} aggregate: with the request's correlation id, retrying a
 * write that lost a race with another instance, and logging each decision taken, once, here. The answer is built
 * apart, by {@link ReleaseResponses}.
 */
@Component
class Decisions {

    private static final Logger log = LoggerFactory.getLogger(Decisions.class);
    private static final int ATTEMPTS = 5;

    private final CommandGateway commands;
    private final ReleaseQueries queries;

    Decisions(CommandGateway commands, ReleaseQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /**
     * Sends a command and waits for its outcome. Within one instance the aggregate lock serialises commands on a
     * release; between instances the event store's unique (release, sequence) key refuses the loser, which is
     * retried here against the new state, so no decision is lost and none is counted twice. Returns what the
     * decision stored.
     *
     * <p>Inside a request's own transaction (a request with an {@code Idempotency-Key}) the refusal has aborted that
     * transaction, so it cannot be retried here: it becomes a {@link ConflictingWrite}, and the request runs again
     * in a fresh transaction. Both are rare, since commands on one release queue on its lock ({@link ReleaseLocks}).
     */
    Decided send(Decision command) {
        for (int attempt = 1; ; attempt++) {
            try {
                Object outcome = commands.sendAndWait(command,
                        MetaData.with(CorrelationId.METADATA_KEY, CorrelationId.current()));
                // the correlation id is in every log line (MDC), so this line joins the request and its events
                log.info("release {} stage {} {} by {}", command.releaseId(),
                        Objects.requireNonNullElse(command.stageId(), "-"), command.getClass().getSimpleName(),
                        command.actor());
                return new Decided(command.releaseId(), outcome instanceof AppliedEvents.Applied applied
                        ? applied.events() : List.of());
            } catch (AggregateStreamCreationException exception) {
                throw inRequestTransaction() ? new ConflictingWrite(exception) : exception;
            } catch (ConcurrencyException exception) {
                if (inRequestTransaction()) {
                    throw new ConflictingWrite(exception);
                }
                if (attempt == ATTEMPTS) {
                    throw exception;
                }
                log.info("concurrent change, retrying {} (attempt {})", command.getClass().getSimpleName(),
                        attempt + 1);
            }
        }
    }

    /**
     * Registers a release, refusing a known id before the command: the event store would refuse it too, but inside
     * a request's own transaction that refusal aborts the transaction, and the refusal could not be kept as the
     * answer to the request's {@code Idempotency-Key}.
     */
    Decided register(RegisterRelease command) {
        if (queries.find(command.releaseId()).isPresent()) {
            throw new RuleViolation(Rule.RELEASE_ALREADY_REGISTERED,
                    "A release with the id " + command.releaseId() + " is already registered.");
        }
        return send(command);
    }

    private static boolean inRequestTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }
}
