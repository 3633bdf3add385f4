package org.releasegovernance.governance.release;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import com.github.kagkarlsson.scheduler.boot.config.startup.ContextReadyStart;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.events.state.StageStatus;
import org.releasegovernance.governance.GovernanceApplication;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ScheduleRelease;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release scheduled by one instance of the service falls due while no instance runs; the next instance carries it
 * out as soon as it is ready, not after db-scheduler's five-minute retry, and records when that really happened.
 */
class ScheduledReleaseRestartTest {

    private static final String SCHEMA = "restart_test";

    /** Far below db-scheduler's five-minute retry of a failed task, far above a start-up and a polling interval. */
    private static final Duration SOON_AFTER_READY = Duration.ofSeconds(90);

    @Test
    void aReleaseThatFellDueWhileTheServiceWasDownHappensSoonAfterItIsBack() {
        String releaseId = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at;
        // the first instance polls once an hour: it cannot carry the release out, however long its shutdown takes
        try (ConfigurableApplicationContext first = start("1h")) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterRelease(releaseId, "GPT-2", new Policy(1), "chair"));
            commands.sendAndWait(new ProposeStage(releaseId, "117M", 117_000_000L, Access.PUBLIC, "small", null,
                    "member-1", null));
            commands.sendAndWait(new CastVote(releaseId, "117M", VoteChoice.APPROVE, "yes", "member-2", null));
            at = Instant.now().plusSeconds(1);
            commands.sendAndWait(new ScheduleRelease(releaseId, "117M", at, "on time", Instant.now(), "chair", null));
        }
        Instant due = at;
        await("the release falls due while no instance runs").atMost(Duration.ofSeconds(30))
                .until(() -> Instant.now().isAfter(due));

        Instant restarting = Instant.now();
        try (ConfigurableApplicationContext second = start("1s")) {
            // started while the context is still being built, db-scheduler may run the overdue deadline before
            // Axon's deadline manager bean exists: it fails and waits five minutes (a race, so checked directly too)
            assertThat(second.getBean(DbSchedulerStarter.class)).as("db-scheduler starts once the context is ready")
                    .isInstanceOf(ContextReadyStart.class);
            ReleaseQueries queries = second.getBean(ReleaseQueries.class);
            await("released soon after the restarted service is ready").atMost(SOON_AFTER_READY)
                    .untilAsserted(() -> assertThat(queries.get(releaseId).stages().get(0).status())
                            .isEqualTo(StageStatus.RELEASED));

            StageReleased released = stageReleased(second.getBean(EventStore.class), releaseId);
            assertThat(released.releasedAt()).as("when the release really happened").isAfter(restarting);
            assertThat(released.scheduledFor()).as("when it was due").isEqualTo(due);
            assertThat(queries.get(releaseId).stages().get(0).releasedAt()).isEqualTo(released.releasedAt());
        }
    }

    private static StageReleased stageReleased(EventStore events, String releaseId) {
        return events.readEvents(releaseId).asStream()
                .map(message -> message.getPayload())
                .filter(StageReleased.class::isInstance).map(StageReleased.class::cast)
                .findFirst().orElseThrow();
    }

    /**
     * An instance with a schema of its own: the cached test contexts of other test classes share the database and
     * poll the schedule table of theirs every second, and would otherwise carry out this release themselves.
     */
    private static ConfigurableApplicationContext start(String pollingInterval) {
        SpringApplication application = new SpringApplication(GovernanceApplication.class);
        application.addInitializers(new TestInfrastructure());
        return application.run("--server.port=0", "--db-scheduler.polling-interval=" + pollingInterval,
                "--spring.datasource.hikari.schema=" + SCHEMA, "--spring.flyway.schemas=" + SCHEMA,
                "--spring.flyway.default-schema=" + SCHEMA);
    }
}
