package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.PartnerAccessExpired;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewReminder;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.events.state.GrantRecord;
import org.releasegovernance.events.state.ReviewRecord;
import org.releasegovernance.governance.GovernanceApplication;
import org.releasegovernance.governance.TestClock;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.GrantPartnerAccess;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ScheduleReview;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.releasegovernance.events.Gpt2.AUG_01;
import static org.releasegovernance.events.Gpt2.AUG_20;
import static org.releasegovernance.events.Gpt2.CHAIR;
import static org.releasegovernance.events.Gpt2.DETECTION_PARTNER;

/**
 * The commitments the clock keeps, carried out by the durable deadlines on the real PostgreSQL under a clock the test
 * moves by days ({@link TestClock}, which both the deadline handlers and db-scheduler read): a review is reminded of
 * and marked overdue, a partner grant noticed as expiring and ended, each once, with one instance, across a restart
 * and with two instances polling the same schedule.
 */
class CommitmentsClockTest {

    private static final String REVIEW = "six-month-review";
    /** The grant's notice comes 30 days earlier, on 31 August: after the review's due time, so one deadline at a time. */
    private static final Instant GRANT_EXPIRES = Instant.parse("2019-09-30T17:00:00Z");
    /** Far above a start-up and a polling interval of one second on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Several polls of every instance: long enough for a deadline that could fire again to do so. */
    private static final Duration FURTHER_POLLS = Duration.ofSeconds(4);

    @AfterEach
    void systemClock() {
        TestClock.reset();
    }

    @Test
    void aReviewIsRemindedOfOnceAndMarkedOverdueOnceAsTheClockPassesThoseInstants() {
        TestClock.set(AUG_01);
        try (ConfigurableApplicationContext instance = start(schema())) {
            String releaseId = releaseWithApprovedStage(instance);
            scheduleReview(instance, releaseId);
            assertThat(scheduledTasks(instance)).as("a reminder and an overdue check").isEqualTo(2);
            await("nothing is due yet").during(FURTHER_POLLS).atMost(PATIENCE)
                    .until(() -> recorded(instance, releaseId, ReviewReminder.class) == 0);

            TestClock.set(AUG_20.minus(Duration.ofDays(13)));
            await("reminded 14 days before the due time").atMost(PATIENCE)
                    .until(() -> recorded(instance, releaseId, ReviewReminder.class) == 1);
            assertThat(recorded(instance, releaseId, ReviewOverdue.class)).isZero();

            TestClock.set(AUG_20.plus(Duration.ofHours(1)));
            await("marked overdue at the due time").atMost(PATIENCE)
                    .until(() -> recorded(instance, releaseId, ReviewOverdue.class) == 1);
            await("and nothing more").during(FURTHER_POLLS).atMost(PATIENCE)
                    .until(() -> recorded(instance, releaseId, ReviewReminder.class) == 1
                            && recorded(instance, releaseId, ReviewOverdue.class) == 1);
            assertThat(scheduledTasks(instance)).isZero();
        }
    }

    @Test
    void commitmentsThatFellDueWhileTheServiceWasDownAreRecordedOnceWhenItIsBack() {
        String schema = schema();
        String releaseId;
        TestClock.set(AUG_01);
        try (ConfigurableApplicationContext first = start(schema)) {
            releaseId = releaseWithApprovedStage(first);
            scheduleReview(first, releaseId);
            grant(first, releaseId);
        }
        TestClock.set(GRANT_EXPIRES.plus(Duration.ofDays(1)));

        Instant restarting = Instant.now();
        try (ConfigurableApplicationContext second = start(schema)) {
            await("the review marked overdue and the grant ended").atMost(PATIENCE)
                    .until(() -> recorded(second, releaseId, ReviewOverdue.class) == 1
                            && recorded(second, releaseId, PartnerAccessExpired.class) == 1);
            // the reminder and the notice fall due with them: recorded at most once, and never after the end
            await("once each").during(FURTHER_POLLS).atMost(PATIENCE)
                    .until(() -> recorded(second, releaseId, ReviewOverdue.class) == 1
                            && recorded(second, releaseId, PartnerAccessExpired.class) == 1
                            && recorded(second, releaseId, ReviewReminder.class) <= 1
                            && recorded(second, releaseId, PartnerAccessExpiring.class) <= 1);

            Instant markedOverdue = recordedAt(second, releaseId, ReviewOverdue.class);
            Instant ended = recordedAt(second, releaseId, PartnerAccessExpired.class);
            assertThat(markedOverdue).as("recorded by the instance that came back").isAfter(restarting);
            assertThat(ended).as("recorded by the instance that came back").isAfter(restarting);
            ReleaseQueries queries = second.getBean(ReleaseQueries.class);
            ReviewRecord review = queries.get(releaseId).reviews().get(0);
            assertThat(review.markedOverdueAt()).isEqualTo(markedOverdue);
            GrantRecord grant = queries.get(releaseId).stages().get(0).grants().get(0);
            assertThat(grant.expiredAt()).isEqualTo(ended);
            assertThat(scheduledTasks(second)).isZero();
        }
    }

    @Test
    void twoInstancesPollingOneScheduleRecordEachCommitmentOnce() {
        String schema = schema();
        TestClock.set(AUG_01);
        try (ConfigurableApplicationContext one = start(schema); ConfigurableApplicationContext two = start(schema)) {
            String releaseId = releaseWithApprovedStage(one);
            scheduleReview(one, releaseId);
            grant(two, releaseId);

            // one instant after another, so that only one deadline of the release is due at a time
            List<Step> steps = List.of(new Step(AUG_20.minus(Duration.ofDays(13)), ReviewReminder.class),
                    new Step(AUG_20.plus(Duration.ofHours(1)), ReviewOverdue.class),
                    new Step(GRANT_EXPIRES.minus(Duration.ofDays(29)), PartnerAccessExpiring.class),
                    new Step(GRANT_EXPIRES.plus(Duration.ofHours(1)), PartnerAccessExpired.class));
            for (Step step : steps) {
                TestClock.set(step.at());
                await(step.recorded().getSimpleName()).atMost(PATIENCE)
                        .until(() -> recorded(one, releaseId, step.recorded()) == 1);
            }
            await("each once, however often both instances poll").during(FURTHER_POLLS).atMost(PATIENCE)
                    .until(() -> steps.stream().allMatch(step -> recorded(two, releaseId, step.recorded()) == 1));
            assertThat(scheduledTasks(one)).isZero();
        }
    }

    private record Step(Instant at, Class<?> recorded) {
    }

    private static String releaseWithApprovedStage(ConfigurableApplicationContext instance) {
        String releaseId = "commitments-" + UUID.randomUUID().toString().substring(0, 8);
        CommandGateway commands = instance.getBean(CommandGateway.class);
        commands.sendAndWait(new RegisterRelease(releaseId, "GPT-2", new Policy(1), CHAIR));
        commands.sendAndWait(new ProposeStage(releaseId, "345M", 345_000_000L, Access.PARTNERS, "larger", null,
                "member-1", null));
        commands.sendAndWait(new CastVote(releaseId, "345M", VoteChoice.APPROVE, "yes", "member-2", null));
        return releaseId;
    }

    private static void scheduleReview(ConfigurableApplicationContext instance, String releaseId) {
        instance.getBean(CommandGateway.class).sendAndWait(new ScheduleReview(releaseId, REVIEW, "345M",
                "Six-month analysis", AUG_20, AUG_01, CHAIR, null));
    }

    private static void grant(ConfigurableApplicationContext instance, String releaseId) {
        instance.getBean(CommandGateway.class).sendAndWait(new GrantPartnerAccess(releaseId, "345M",
                DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, "Detecting synthetic text", "LPA-2019-345M",
                GRANT_EXPIRES, AUG_01, CHAIR, null));
    }

    private static long recorded(ConfigurableApplicationContext instance, String releaseId, Class<?> type) {
        return events(instance, releaseId).stream().filter(event -> type.isInstance(event.getPayload())).count();
    }

    private static Instant recordedAt(ConfigurableApplicationContext instance, String releaseId, Class<?> type) {
        return events(instance, releaseId).stream().filter(event -> type.isInstance(event.getPayload()))
                .map(DomainEventMessage::getTimestamp).findFirst().orElseThrow();
    }

    private static List<? extends DomainEventMessage<?>> events(ConfigurableApplicationContext instance,
                                                                String releaseId) {
        return instance.getBean(EventStore.class).readEvents(releaseId).asStream().toList();
    }

    private static long scheduledTasks(ConfigurableApplicationContext instance) {
        return instance.getBean(JdbcTemplate.class).queryForObject("select count(*) from scheduled_tasks", Long.class);
    }

    /** A schema of its own: other test contexts poll theirs and would otherwise carry these deadlines out. */
    private static String schema() {
        return "commitments_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ConfigurableApplicationContext start(String schema) {
        SpringApplication application = new SpringApplication(GovernanceApplication.class);
        application.addInitializers(new TestInfrastructure());
        return application.run("--server.port=0", "--db-scheduler.polling-interval=1s",
                "--spring.datasource.hikari.schema=" + schema, "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--governance.events.topic=" + schema, "--governance.events.audit-topic=" + schema + "-audit");
    }
}
