package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
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

/** A release scheduled by one instance of the service happens after that instance stopped: the schedule is durable. */
class ScheduledReleaseRestartTest {

    @Test
    void aScheduledReleaseHappensAfterTheServiceThatScheduledItWasStopped() {
        String releaseId = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at;
        try (ConfigurableApplicationContext first = start()) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterRelease(releaseId, "GPT-2", new Policy(1), "chair"));
            commands.sendAndWait(new ProposeStage(releaseId, "117M", 117_000_000L, Access.PUBLIC, "small", null,
                    "member-1", null));
            commands.sendAndWait(new CastVote(releaseId, "117M", VoteChoice.APPROVE, "yes", "member-2", null));
            at = Instant.now().plusSeconds(10);
            commands.sendAndWait(new ScheduleRelease(releaseId, "117M", at, "on time", Instant.now(), "chair", null));
        }
        assertThat(Instant.now()).as("the first instance stopped before the release was due").isBefore(at);
        try (ConfigurableApplicationContext second = start()) {
            ReleaseQueries queries = second.getBean(ReleaseQueries.class);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(queries.get(releaseId).stages().get(0).status()).isEqualTo(StageStatus.RELEASED));
            assertThat(queries.get(releaseId).stages().get(0).releasedAt()).isEqualTo(at);
        }
    }

    private static ConfigurableApplicationContext start() {
        SpringApplication application = new SpringApplication(GovernanceApplication.class);
        application.addInitializers(new TestInfrastructure());
        return application.run("--server.port=0", "--db-scheduler.polling-interval=1s");
    }
}
