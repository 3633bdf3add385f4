package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release read right after a decision shows that decision, though only the events after those read before are
 * asked of the store; an event read inside a transaction that rolled back is never shown. Shares its application
 * context with the API tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class ReleaseQueriesTest {

    @Autowired
    ReleaseQueries queries;

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventStore events;

    @Autowired
    Decisions decisions;

    @Test
    void aReadAfterADecisionShowsItOnTopOfWhatWasReadBefore() {
        String releaseId = registered();
        assertThat(queries.get(releaseId).stages()).isEmpty();

        commands.sendAndWait(proposal(releaseId, "117M"));
        ReleaseState afterProposal = queries.get(releaseId);
        commands.sendAndWait(proposal(releaseId, "345M"));
        ReleaseState afterSecond = queries.get(releaseId);

        assertThat(afterProposal.version()).isEqualTo(1);
        assertThat(afterProposal.stages()).extracting(stage -> stage.stageId()).containsExactly("117M");
        assertThat(afterSecond.version()).isEqualTo(2);
        assertThat(afterSecond.stages()).extracting(stage -> stage.stageId()).containsExactly("117M", "345M");
    }

    @Test
    void anEventReadInsideATransactionThatRolledBackIsNeverShown() {
        String releaseId = registered();
        queries.get(releaseId);

        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            commands.sendAndWait(proposal(releaseId, "117M"));
            assertThat(queries.get(releaseId).stages()).hasSize(1);
            transaction.setRollbackOnly();
        });

        ReleaseState after = queries.get(releaseId);
        assertThat(after.version()).isZero();
        assertThat(after.stages()).isEmpty();
        commands.sendAndWait(proposal(releaseId, "345M"));
        assertThat(queries.get(releaseId).stages()).extracting(stage -> stage.stageId()).containsExactly("345M");
    }

    @Test
    void theAnswerToADecisionIsTheReleaseAsAFreshReadOfTheStoreShowsIt() {
        String releaseId = registered();
        queries.get(releaseId);

        Decided proposed = decisions.send(proposal(releaseId, "117M"));
        ReleaseState answer = queries.afterDecision(proposed);

        assertThat(proposed.events()).extracting(event -> event.getSequenceNumber()).containsExactly(1L);
        assertThat(answer).isEqualTo(new ReleaseQueries(events).get(releaseId));
        assertThat(answer.stages()).extracting(stage -> stage.stageId()).containsExactly("117M");
    }

    @Test
    void aDecisionAfterEventsNotKeptHereIsAnsweredFromTheStore() {
        String releaseId = registered();
        queries.get(releaseId);
        // another instance's decision: stored, never read here
        commands.sendAndWait(proposal(releaseId, "117M"));

        Decided second = decisions.send(proposal(releaseId, "345M"));
        ReleaseState answer = queries.afterDecision(second);

        assertThat(answer.version()).isEqualTo(2);
        assertThat(answer.stages()).extracting(stage -> stage.stageId()).containsExactly("117M", "345M");
        assertThat(answer).isEqualTo(new ReleaseQueries(events).get(releaseId));
    }

    private String registered() {
        String releaseId = "queries-" + UUID.randomUUID().toString().substring(0, 8);
        commands.sendAndWait(new RegisterRelease(releaseId, "GPT-2", new Policy(1), "chair"));
        return releaseId;
    }

    private static ProposeStage proposal(String releaseId, String stageId) {
        return new ProposeStage(releaseId, stageId, 117_000_000L, Access.PUBLIC, "small first", null, "member-1",
                null);
    }
}
