package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.releasegovernance.events.state.GrantRecord;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReviewRecord;
import org.releasegovernance.events.state.StageState;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.web.ConflictingWrite;
import org.releasegovernance.governance.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every decision endpoint shares: sending the command with the request's correlation id, the clock the rules
 * read, {@code If-Match} parsing, and answering with the resulting state and its {@code ETag}.
 */
@Component
class Decisions {

    private static final Logger log = LoggerFactory.getLogger(Decisions.class);
    private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?"); // 18 digits: always a long
    private static final int ATTEMPTS = 5;

    private final CommandGateway commands;
    private final ReleaseQueries queries;
    private final Clock clock;

    Decisions(CommandGateway commands, ReleaseQueries queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Sends a command and waits for its outcome. Within one instance the aggregate lock serialises commands on a
     * release; between instances the event store's unique (release, sequence) key refuses the loser, which is
     * retried here against the new state, so no decision is lost and none is counted twice.
     *
     * <p>Inside a request's own transaction (a request with an {@code Idempotency-Key}) the refusal has aborted that
     * transaction, so it cannot be retried here: it becomes a {@link ConflictingWrite}, and the request runs again
     * in a fresh transaction. Both are rare, since commands on one release queue on its lock ({@link ReleaseLocks}).
     */
    void send(Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(command, MetaData.with(CorrelationId.METADATA_KEY, CorrelationId.current()));
                return;
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
    void register(RegisterRelease command) {
        if (queries.find(command.releaseId()).isPresent()) {
            throw new RuleViolation(Rule.RELEASE_ALREADY_REGISTERED,
                    "A release with the id " + command.releaseId() + " is already registered.");
        }
        send(command);
    }

    private static boolean inRequestTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    /** The version an {@code If-Match} header names; {@code null} without one or for {@code *}. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = ENTITY_TAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new RuleViolation(Rule.VERSION_MISMATCH,
                    "If-Match must name a version this API issued as ETag, such as \"5\".");
        }
        return Long.parseLong(matcher.group(1));
    }

    ResponseEntity<ReleaseView> release(ResponseEntity.BodyBuilder response, String releaseId) {
        ReleaseState release = queries.get(releaseId);
        return response.eTag(etag(release)).body(ReleaseView.of(release, now()));
    }

    ResponseEntity<StageState> stage(ResponseEntity.BodyBuilder response, String releaseId, String stageId) {
        ReleaseState release = queries.get(releaseId);
        return response.eTag(etag(release)).body(stageOf(release, stageId));
    }

    ResponseEntity<GrantRecord> grant(ResponseEntity.BodyBuilder response, String releaseId, String stageId,
                                      String partner) {
        ReleaseState release = queries.get(releaseId);
        GrantRecord grant = stageOf(release, stageId).grants().stream().filter(g -> g.partner().equals(partner))
                .findFirst().orElseThrow(() -> new RuleViolation(Rule.GRANT_NOT_FOUND,
                        "Stage " + stageId + " of " + releaseId + " was never shared with " + partner + "."));
        return response.eTag(etag(release)).body(grant);
    }

    ResponseEntity<ReviewRecord> review(ResponseEntity.BodyBuilder response, String releaseId, String reviewId) {
        ReleaseState release = queries.get(releaseId);
        ReviewRecord review = release.reviews().stream().filter(r -> r.reviewId().equals(reviewId)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.REVIEW_NOT_FOUND,
                        "Release " + releaseId + " has no review " + reviewId + "."));
        return response.eTag(etag(release)).body(review);
    }

    private static StageState stageOf(ReleaseState release, String stageId) {
        return release.stages().stream().filter(s -> s.stageId().equals(stageId)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.STAGE_NOT_FOUND,
                        "Release " + release.releaseId() + " has no stage " + stageId + "."));
    }

    private static String etag(ReleaseState release) {
        return "\"" + release.version() + "\"";
    }
}
