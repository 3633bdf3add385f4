package org.releasegovernance.governance;

import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.releasegovernance.governance.publishing.TopicReader;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two governance-service instances on one PostgreSQL and Kafka, with the shipped settings: decisions on one release
 * taken at both at once are each stored once, an Idempotency-Key works whichever instance gets the retry, a
 * scheduled release comes due once, and the Kafka publisher runs on one instance at a time and moves to the other
 * when it hangs or stops, within the token claim timeout plus the claim interval.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

    private static final String NAME = "gov_two_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PUBLISHER = "kafka-publisher";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;

    @BeforeAll
    static void startTwoInstances() {
        one = start();
        two = start();
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    @Test
    @Order(1)
    void decisionsOnOneReleaseAtBothInstancesAtOnceAreEachStoredOnce() throws Exception {
        String id = releaseId();
        assertThat(post(one, "demo-chair", "/api/releases", registration(id, 100), null).statusCode())
                .isEqualTo(201);
        assertThat(post(two, "demo-member-1", "/api/releases/" + id + "/stages", proposal(), null).statusCode())
                .isEqualTo(201);

        List<Integer> answers = allAtOnce(40, voter -> post(voter % 2 == 0 ? one : two, "voter-token-" + voter,
                "/api/releases/" + id + "/stages/117M/votes", "{\"vote\":\"APPROVE\",\"rationale\":\"yes\"}",
                voter % 4 < 2 ? null : "vote-" + voter).statusCode());
        assertThat(answers).containsOnly(202);
        assertThat(storedEvents(id, "VoteCast")).isEqualTo(40);

        // one registration of a new release at both at once: one is taken, the other refused as the API documents
        String contested = releaseId();
        List<HttpResponse<String>> registrations = allAtOnce(2, n -> post(n == 1 ? one : two, "demo-chair",
                "/api/releases", registration(contested, 1), null));
        assertThat(registrations).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 409);
        assertThat(registrations).filteredOn(answer -> answer.statusCode() == 409).singleElement()
                .satisfies(answer -> assertThat(answer.body()).contains("release-already-registered"));
        assertThat(storedEvents(contested, "ReleaseRegistered")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void anIdempotencyKeyWorksWhicheverInstanceGetsTheRetry() throws Exception {
        String id = releaseId();
        HttpResponse<String> first = post(one, "demo-chair", "/api/releases", registration(id, 1), "register-" + id);
        HttpResponse<String> retry = post(two, "demo-chair", "/api/releases", registration(id, 1), "register-" + id);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.body()).isEqualTo(first.body());

        // the same keyed request at both at once: run once; the other replays it or is told to retry
        List<HttpResponse<String>> proposals = allAtOnce(2, n -> post(n == 1 ? one : two, "demo-member-1",
                "/api/releases/" + id + "/stages", proposal(), "propose-" + id));
        assertThat(proposals).extracting(HttpResponse::statusCode).containsAnyOf(201).allSatisfy(status ->
                assertThat(status).isIn(201, 409));
        assertThat(storedEvents(id, "StageProposed")).isEqualTo(1);
        assertThat(storedEvents(id, "ReleaseRegistered")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aScheduledReleaseComesDueOnceWithTwoSchedulers() throws Exception {
        String id = releaseId();
        post(one, "demo-chair", "/api/releases", registration(id, 1), null);
        post(one, "demo-member-1", "/api/releases/" + id + "/stages", proposal(), null);
        post(two, "demo-member-2", "/api/releases/" + id + "/stages/117M/votes",
                "{\"vote\":\"APPROVE\",\"rationale\":\"yes\"}", null);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(2);
        assertThat(post(two, "demo-chair", "/api/releases/" + id + "/stages/117M/release",
                "{\"note\":\"on time\",\"at\":\"" + at + "\"}", null).statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).until(() -> storedEvents(id, "StageReleased") == 1);
        // both poll every second: give the second a few rounds to fire it again, if it could
        await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() -> storedEvents(id, "StageReleased") == 1);
        assertThat(jdbc().queryForObject("select count(*) from scheduled_tasks", Long.class)).isZero();
    }

    @Test
    @Order(4)
    void thePublisherRunsOnOneInstanceAndMovesWhenItHangsOrStops() throws Exception {
        await().atMost(PATIENCE).until(() -> publishes(one) ^ publishes(two));
        ConfigurableApplicationContext publisher = publishes(one) ? one : two;
        ConfigurableApplicationContext other = publisher == one ? two : one;

        // the publishing instance hangs (its database calls block): the other takes the segment over
        HikariPoolMXBean hanging = publisher.getBean(HikariDataSource.class).getHikariPoolMXBean();
        hanging.suspendPool();
        long hungAt = System.nanoTime();
        String id = releaseId();
        post(other, "demo-chair", "/api/releases", registration(id, 1), null);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> publishes(other));
        Duration afterHang = Duration.ofNanos(System.nanoTime() - hungAt);
        TopicReader.awaitRecords(TestInfrastructure.kafka().bootstrapServers(), NAME, id, 1, PATIENCE);
        TopicReader.awaitRecords(TestInfrastructure.kafka().bootstrapServers(), NAME + "-audit", id, 1, PATIENCE);
        hanging.resumePool();
        await().atMost(PATIENCE).until(() -> !publishes(publisher));

        // the new publisher stops gracefully: it releases its claim, and the first takes over at its next try
        long stoppedAt = System.nanoTime();
        other.close();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> publishes(publisher));
        Duration afterStop = Duration.ofNanos(System.nanoTime() - stoppedAt);
        String later = releaseId();
        post(publisher, "demo-chair", "/api/releases", registration(later, 1), null);
        TopicReader.awaitRecords(TestInfrastructure.kafka().bootstrapServers(), NAME, later, 1, PATIENCE);

        System.out.printf("PUBLISHER TAKEOVER: after a hang %d ms, after a graceful stop %d ms%n",
                afterHang.toMillis(), afterStop.toMillis());
        // the shipped bound: token claim timeout 10 s + claim interval 1 s, plus scheduling slack on a busy machine
        assertThat(afterHang).isLessThan(Duration.ofSeconds(15));
        assertThat(afterStop).isLessThan(Duration.ofSeconds(5));
    }

    private static ConfigurableApplicationContext start() {
        SpringApplication application = new SpringApplication(GovernanceApplication.class);
        application.addInitializers(new TestInfrastructure());
        return application.run("--server.port=0", "--db-scheduler.polling-interval=1s",
                "--spring.datasource.hikari.schema=" + NAME, "--spring.flyway.schemas=" + NAME,
                "--spring.flyway.default-schema=" + NAME,
                "--governance.events.topic=" + NAME, "--governance.events.audit-topic=" + NAME + "-audit",
                "--spring.datasource.hikari.allow-pool-suspension=true");
    }

    private static boolean publishes(ConfigurableApplicationContext instance) {
        return instance.isActive() && instance.getBean(EventProcessingConfiguration.class)
                .eventProcessor(PUBLISHER, StreamingEventProcessor.class).orElseThrow()
                .processingStatus().values().stream().anyMatch(status -> !status.isErrorState());
    }

    private static JdbcTemplate jdbc() {
        return (one.isActive() ? one : two).getBean(JdbcTemplate.class);
    }

    private static long storedEvents(String releaseId, String type) {
        return jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like ?", Long.class, releaseId, "%" + type);
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext instance, String token, String path,
                                             String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + ((WebServerApplicationContext) instance).getWebServer().getPort() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code count} calls (numbered from 1) released at one instant; their results in order. */
    private static <T> List<T> allAtOnce(int count, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<T>> results = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                int number = n;
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return call.run(number);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (CompletableFuture<T> result : results) {
                answers.add(result.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(int number) throws Exception;
    }

    private static String releaseId() {
        return "two-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String registration(String releaseId, int quorum) {
        return "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":" + quorum + "}}";
    }

    private static String proposal() {
        return "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\",\"rationale\":\"small\"}";
    }
}
