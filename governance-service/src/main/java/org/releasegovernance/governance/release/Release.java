package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ReleaseStage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One model family's staged release plan. Every governance rule lives here: command handlers check and apply
 * events; event sourcing handlers only change state.
 */
@Aggregate
class Release {

    @AggregateIdentifier
    private String releaseId;
    private String model;
    private Policy policy;
    private final Map<String, Stage> stages = new HashMap<>();

    protected Release() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Release(RegisterRelease command) {
        apply(new ReleaseRegistered(command.releaseId(), command.model(), command.policy(), command.actor()));
    }

    @CommandHandler
    void handle(ProposeStage command) {
        if (stages.containsKey(command.stageId())) {
            throw new RuleViolation(Rule.STAGE_ALREADY_PROPOSED,
                    "Stage " + command.stageId() + " of " + releaseId + " was already proposed.");
        }
        apply(new StageProposed(releaseId, command.stageId(), command.parameters(), command.access(),
                command.rationale(), command.actor()));
    }

    @CommandHandler
    void handle(CastVote command) {
        Stage stage = stage(command.stageId());
        if (stage.status != Status.PROPOSED) {
            throw new RuleViolation(Rule.VOTING_CLOSED,
                    "Voting on stage " + stage.id + " is closed: the stage is " + stage.status + ".");
        }
        if (stage.proposer.equals(command.actor())) {
            throw new RuleViolation(Rule.SELF_VOTE_NOT_ALLOWED,
                    "The proposer of stage " + stage.id + " cannot vote on it.");
        }
        if (stage.voters.contains(command.actor())) {
            throw new RuleViolation(Rule.ONE_VOTE_PER_MEMBER,
                    command.actor() + " already voted on stage " + stage.id + ".");
        }
        apply(new VoteCast(releaseId, stage.id, command.vote(), command.rationale(), command.actor()));
        if (command.vote() == VoteChoice.APPROVE && stage.approvers.size() >= policy.quorum()) {
            apply(new StageApproved(releaseId, stage.id, List.copyOf(stage.approvers), policy.quorum(),
                    command.actor()));
        }
    }

    @CommandHandler
    void handle(ReleaseStage command) {
        Stage stage = stage(command.stageId());
        if (stage.status == Status.RELEASED) {
            throw new RuleViolation(Rule.STAGE_ALREADY_RELEASED, "Stage " + stage.id + " was already released.");
        }
        if (stage.status != Status.APPROVED) {
            throw new RuleViolation(Rule.STAGE_NOT_APPROVED,
                    "Stage " + stage.id + " is " + stage.status + "; only an approved stage can be released.");
        }
        apply(new StageReleased(releaseId, stage.id, model, stage.parameters, stage.access, command.note(),
                command.actor()));
    }

    @EventSourcingHandler
    void on(ReleaseRegistered event) {
        releaseId = event.releaseId();
        model = event.model();
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(StageProposed event) {
        stages.put(event.stageId(), new Stage(event.stageId(), event.parameters(), event.access(), event.actor()));
    }

    @EventSourcingHandler
    void on(VoteCast event) {
        Stage stage = stages.get(event.stageId());
        stage.voters.add(event.actor());
        if (event.vote() == VoteChoice.APPROVE) {
            stage.approvers.add(event.actor());
        }
    }

    @EventSourcingHandler
    void on(StageApproved event) {
        stages.get(event.stageId()).status = Status.APPROVED;
    }

    @EventSourcingHandler
    void on(StageReleased event) {
        stages.get(event.stageId()).status = Status.RELEASED;
    }

    private Stage stage(String stageId) {
        Stage stage = stages.get(stageId);
        if (stage == null) {
            throw new RuleViolation(Rule.STAGE_NOT_FOUND, "Release " + releaseId + " has no stage " + stageId + ".");
        }
        return stage;
    }

    private enum Status {
        PROPOSED,
        APPROVED,
        RELEASED
    }

    private static final class Stage {
        private final String id;
        private final long parameters;
        private final Access access;
        private final String proposer;
        private final Set<String> voters = new LinkedHashSet<>();
        private final List<String> approvers = new ArrayList<>();
        private Status status = Status.PROPOSED;

        private Stage(String id, long parameters, Access access, String proposer) {
            this.id = id;
            this.parameters = parameters;
            this.access = access;
            this.proposer = proposer;
        }

        // value equality lets Axon's test fixture check that sourcing the events rebuilds the same state
        @Override
        public boolean equals(Object other) {
            return other instanceof Stage that && id.equals(that.id) && parameters == that.parameters
                    && access == that.access && proposer.equals(that.proposer) && voters.equals(that.voters)
                    && approvers.equals(that.approvers) && status == that.status;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, parameters, access, proposer, voters, approvers, status);
        }
    }
}
