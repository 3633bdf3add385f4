package org.releasegovernance.governance.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.releasegovernance.governance.publishing.TopicReader;
import org.releasegovernance.idempotency.IdempotencyKeys;
import org.releasegovernance.infra.PostgresServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code Idempotency-Key} under concurrency and crashes: a key is reserved before its command runs and its answer is
 * committed with the decision, so a retry gets the first answer and a decision is never stored twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class IdempotencyKeysTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";
    private static final String CRASH = "X-Test-Crash-Before-Commit";
    private static final String NO_ANSWER = "X-Test-Leave-Without-Answer";
    private static final String SCHEMA = "governance_idempotency";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void eventStoreOfItsOwn(DynamicPropertyRegistry registry) {
        // the crash hook makes this a context of its own; its publisher and another cached context's would both
        // claim one token store's segment (same JVM, same owner name) and publish every event twice
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    /**
     * Fails a request after its command ran and its answer was recorded, but before the key's transaction commits:
     * for the database, the same as the process being killed at that point.
     */
    @TestConfiguration
    static class CrashBeforeCommit {
        @Bean
        FilterRegistrationBean<Filter> crashBeforeCommit() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                if (((HttpServletRequest) request).getHeader(NO_ANSWER) != null) {
                    return; // as the request that once waited through a database outage left: status 200, no body
                }
                chain.doFilter(request, response);
                if (((HttpServletRequest) request).getHeader(CRASH) != null) {
                    throw new IllegalStateException("simulated crash after the command, before the commit");
                }
            });
            registration.setOrder(1);
            return registration;
        }
    }

    @Test
    void twentyConcurrentIdenticalRequestsStoreOneDecisionAndAllGetItsAnswerOrInProgress() throws Exception {
        String id = releaseWithProposed117M();
        String body = expertInput("Assessed once");
        String key = uniqueKey();
        List<HttpResponse<String>> answers = concurrently(20, n -> keyed("demo-expert",
                "/api/releases/" + id + "/stages/117M/expert-inputs", key, body));

        assertThat(stored(id, "ExpertInputLogged")).isEqualTo(1);
        List<HttpResponse<String>> created = answers.stream().filter(a -> a.statusCode() == 201).toList();
        assertThat(created).filteredOn(a -> a.headers().firstValue(IdempotencyKeys.REPLAYED).isEmpty()).hasSize(1);
        assertThat(created).extracting(HttpResponse::body).containsOnly(created.get(0).body());
        assertThat(created).extracting(a -> a.headers().firstValue("ETag").orElseThrow()).containsOnly("\"2\"");
        assertThat(answers).filteredOn(a -> a.statusCode() != 201)
                .allSatisfy(a -> assertInProgress(a));
    }

    @Test
    void tenConcurrentRequestsWithOneKeyAndDifferentBodiesStoreOne() throws Exception {
        String id = releaseWithProposed117M();
        String key = uniqueKey();
        List<HttpResponse<String>> answers = concurrently(10, n -> keyed("demo-expert",
                "/api/releases/" + id + "/stages/117M/expert-inputs", key, expertInput("Assessment " + n)));

        assertThat(stored(id, "ExpertInputLogged")).isEqualTo(1);
        assertThat(answers).filteredOn(a -> a.statusCode() == 201).singleElement()
                .satisfies(a -> assertThat(a.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty());
        assertThat(answers).filteredOn(a -> a.statusCode() != 201).allSatisfy(a -> {
            if (a.statusCode() == 422) {
                assertThat(type(a)).isEqualTo(PROBLEMS + "idempotency-key-reused");
            } else {
                assertInProgress(a);
            }
        });
    }

    @Test
    void aRetryAfterACrashBetweenTheCommandAndItsAnswerGetsTheFirstAnswerAndOneEvent() throws Exception {
        String id = registered();
        String proposal = proposal("117M");
        String key = uniqueKey();
        assertThatThrownBy(() -> as("demo-member-1", post("/api/releases/{id}/stages", id)
                .header(IdempotencyKeys.HEADER, key).header(CRASH, "true"), proposal))
                .hasMessageContaining("simulated crash");
        assertThat(stored(id, "StageProposed")).isZero();

        MvcResult first = as("demo-member-1", post("/api/releases/{id}/stages", id)
                .header(IdempotencyKeys.HEADER, key), proposal)
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist(IdempotencyKeys.REPLAYED))
                .andExpect(jsonPath("$.stageId").value("117M"))
                .andReturn();
        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, key),
                proposal)
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotencyKeys.REPLAYED, "true"))
                .andExpect(header().string("ETag", first.getResponse().getHeader("ETag")))
                .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));
        assertThat(stored(id, "StageProposed")).isEqualTo(1);
    }

    @Test
    void overHttpACrashBeforeTheCommitIsA500TheClientRetriesNotARefusalOfTheBody() throws Exception {
        String id = registered();
        String key = uniqueKey();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> crashed = http.send(request("demo-member-1", "/api/releases/" + id + "/stages",
                proposal("117M")).header(IdempotencyKeys.HEADER, key).header(CRASH, "true").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(crashed.statusCode()).as(crashed.body()).isEqualTo(500);
        assertThat(json.readTree(crashed.body()).get("type").asText()).endsWith("/internal-error");
        assertThat(stored(id, "StageProposed")).isZero();
        HttpResponse<String> retried = http.send(keyed("demo-member-1", "/api/releases/" + id + "/stages", key,
                proposal("117M")), HttpResponse.BodyHandlers.ofString());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(stored(id, "StageProposed")).isEqualTo(1);
    }

    @Test
    void aSuccessWithoutAnAnswerIsNotKeptAndTheRetryTakesTheDecision() throws Exception {
        String id = registered();
        String proposal = proposal("117M");
        String key = uniqueKey();
        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, key)
                .header(NO_ANSWER, "true"), proposal)
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "no-answer"));
        assertThat(stored(id, "StageProposed")).isZero();

        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, key), proposal)
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist(IdempotencyKeys.REPLAYED))
                .andExpect(jsonPath("$.stageId").value("117M"));
        assertThat(stored(id, "StageProposed")).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheRequestsFormIsNotKeptAndTheCorrectedRequestRunsUnderTheSameKey() throws Exception {
        String id = registered();
        String key = uniqueKey();
        Integer keptBefore = jdbc.queryForObject("select count(*) from idempotent_request", Integer.class);
        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, key),
                "{\"stageId\":")
                .andExpect(status().isBadRequest());
        as("demo-member-1", post("/api/releases/{id}/stages", "no-such-release").header(IdempotencyKeys.HEADER, key),
                proposal("117M"))
                .andExpect(status().isNotFound());
        assertThat(jdbc.queryForObject("select count(*) from idempotent_request", Integer.class))
                .isEqualTo(keptBefore);

        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, key),
                proposal("117M"))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist(IdempotencyKeys.REPLAYED));
        assertThat(stored(id, "StageProposed")).isEqualTo(1);
    }

    @Test
    void aRetryAfterTheServiceWasKilledBetweenTheCommandAndItsAnswerGetsTheFirstAnswerAndOneEvent()
            throws Exception {
        String id = registered();
        String path = "/api/releases/" + id + "/stages";
        String key = uniqueKey();
        int port = freePort();
        Path output = Files.createTempFile("pausing-instance-", ".log");
        output.toFile().deleteOnExit();
        Process instance = startPausingInstance(port, output);
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofMinutes(3)).until(() -> instance.isAlive() && healthy(http, port));
            http.sendAsync(request("demo-member-1", path, proposal("117M"), port)
                    .header(IdempotencyKeys.HEADER, key).header(PausingInstance.HEADER, "true").build(),
                    HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Files.readString(output).contains(PausingInstance.PAUSED));
            instance.destroyForcibly().waitFor();
        } finally {
            instance.destroyForcibly();
        }
        assertThat(stored(id, "StageProposed")).isZero();

        // the killed instance's connection may take a moment to be closed: until then the key is still held
        HttpResponse<String> retry = await().atMost(Duration.ofSeconds(30)).until(() -> send(keyed("demo-member-1",
                path, key, proposal("117M"))), answer -> answer.statusCode() != 409);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty();
        HttpResponse<String> replayed = send(keyed("demo-member-1", path, key, proposal("117M")));
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.headers().firstValue(IdempotencyKeys.REPLAYED)).contains("true");
        assertThat(replayed.body()).isEqualTo(retry.body());
        assertThat(stored(id, "StageProposed")).isEqualTo(1);
    }

    /** This service as a process of its own on this test's database and broker, with the same event store. */
    private Process startPausingInstance(int port, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-Xmx384m", "-Daxoniq.update-checker.disabled=true", "-cp", classpath,
                PausingInstance.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=" + TestInfrastructure.postgres().jdbcUrl(),
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.schema=" + SCHEMA,
                "--spring.flyway.schemas=" + SCHEMA,
                "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
                "--governance.security.demo-tokens=true",
                "--logging.level.org.apache.kafka=WARN")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private static boolean healthy(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void writersRacingOnOneReleaseWithAndWithoutKeysAreEachCountedOnce() throws Exception {
        String id = registered(100);
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M"))
                .andExpect(status().isCreated());
        String vote = "{\"vote\":\"APPROVE\",\"rationale\":\"yes\"}";
        List<HttpResponse<String>> answers = concurrently(20, n -> {
            HttpRequest.Builder request = request("voter-token-" + (n + 1),
                    "/api/releases/" + id + "/stages/117M/votes", vote);
            return (n % 2 == 0 ? request.header(IdempotencyKeys.HEADER, uniqueKey()) : request).build();
        });

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202);
        JsonNode votes = json.readTree(read(id)).at("/stages/0/votes");
        List<String> members = new ArrayList<>();
        votes.forEach(v -> members.add(v.get("member").asText()));
        assertThat(members).hasSize(20).doesNotHaveDuplicates();
        assertThat(stored(id, "VoteCast")).isEqualTo(20);
    }

    @Test
    void aRefusalIsTheFirstAnswerToo() throws Exception {
        String id = releaseWithProposed117M();
        String vote = "{\"vote\":\"APPROVE\",\"rationale\":\"mine\"}";
        String ownVote = uniqueKey();
        String registerAgain = uniqueKey();
        for (String replayed : new String[]{null, "true"}) {
            as("demo-member-1", post("/api/releases/{id}/stages/117M/votes", id)
                    .header(IdempotencyKeys.HEADER, ownVote), vote)
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "self-vote-not-allowed"))
                    .andExpect(replayed == null ? header().doesNotExist(IdempotencyKeys.REPLAYED)
                            : header().string(IdempotencyKeys.REPLAYED, replayed));
        }
        for (String replayed : new String[]{null, "true"}) {
            as("demo-chair", post("/api/releases").header(IdempotencyKeys.HEADER, registerAgain),
                    registration(id, 2))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "release-already-registered"))
                    .andExpect(replayed == null ? header().doesNotExist(IdempotencyKeys.REPLAYED)
                            : header().string(IdempotencyKeys.REPLAYED, replayed));
        }
        assertThat(stored(id, null)).isEqualTo(2);
    }

    @Test
    void keyedDecisionsReachKafkaAndReplayTheirLocationAndETag() throws Exception {
        String id = uniqueReleaseId();
        String register = uniqueKey();
        MvcResult first = as("demo-chair", post("/api/releases").header(IdempotencyKeys.HEADER, register),
                registration(id, 2))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/releases/" + id))
                .andExpect(header().string("ETag", "\"0\""))
                .andReturn();
        as("demo-chair", post("/api/releases").header(IdempotencyKeys.HEADER, register), registration(id, 2))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotencyKeys.REPLAYED, "true"))
                .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                .andExpect(header().string("ETag", "\"0\""))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));
        as("demo-member-1", post("/api/releases/{id}/stages", id).header(IdempotencyKeys.HEADER, uniqueKey()),
                proposal("117M"))
                .andExpect(status().isCreated());

        assertThat(TopicReader.awaitRecords(TestInfrastructure.kafka().bootstrapServers(), id, 2,
                Duration.ofSeconds(60)))
                .extracting(record -> record.value().getType())
                .containsExactly("org.releasegovernance.ReleaseRegistered.v1",
                        "org.releasegovernance.StageProposed.v1");
    }

    private void assertInProgress(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(type(answer)).isEqualTo(PROBLEMS + "idempotency-key-in-progress");
    }

    private String type(HttpResponse<String> answer) {
        try {
            return json.readTree(answer.body()).path("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(answer.body(), e);
        }
    }

    private List<HttpResponse<String>> concurrently(int count, IntFunction<HttpRequest> requests) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                HttpRequest request = requests.apply(n);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            start.countDown();
            List<HttpResponse<String>> results = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                results.add(answer.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest keyed(String token, String path, String key, String body) {
        return request(token, path, body).header(IdempotencyKeys.HEADER, key).build();
    }

    private HttpRequest.Builder request(String token, String path, String body) {
        return request(token, path, body, port);
    }

    private static HttpRequest.Builder request(String token, String path, String body, int port) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private String releaseWithProposed117M() throws Exception {
        String id = registered();
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M"))
                .andExpect(status().isCreated());
        return id;
    }

    private String registered() throws Exception {
        return registered(2);
    }

    private String registered(int quorum) throws Exception {
        String id = uniqueReleaseId();
        as("demo-chair", post("/api/releases"), registration(id, quorum)).andExpect(status().isCreated());
        return id;
    }

    private String read(String id) throws Exception {
        return mvc.perform(get("/api/releases/{id}", id).header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long stored(String releaseId, String eventType) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like ?", Long.class, releaseId, eventType == null ? "%" : "%." + eventType);
    }

    private static String expertInput(String summary) {
        return "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\",\"summary\":\"" + summary + "\"}";
    }

    private static String registration(String releaseId, int quorum) {
        return "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":" + quorum + "}}";
    }

    private static String proposal(String stageId) {
        return "{\"stageId\":\"" + stageId + "\",\"parameters\":117000000,\"access\":\"PUBLIC\","
                + "\"rationale\":\"Staged release: " + stageId + "\"}";
    }

    /** Keys are per actor, not per release: a fresh one per use keeps the tests apart. */
    private static String uniqueKey() {
        return UUID.randomUUID().toString();
    }

    private static String uniqueReleaseId() {
        return "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
