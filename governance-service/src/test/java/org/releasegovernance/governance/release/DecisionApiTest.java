package org.releasegovernance.governance.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.governance.TestClock;
import org.releasegovernance.infra.TestInfrastructure;
import org.releasegovernance.problems.ApiInstants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The whole decision API against the real event store (PostgreSQL), scheduler table and broker. Shares its
 * application context with {@link ReleaseApiTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class DecisionApiTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    DeadlineManager deadlines;

    @LocalServerPort
    int port;

    @AfterEach
    void systemClock() {
        TestClock.reset();
    }

    @Test
    void theWholeGpt2StoryPlaysThroughTheApi() throws Exception {
        String id = uniqueReleaseId();
        TestClock.set(Gpt2.FEB_14.minus(Duration.ofDays(1)));
        chair(post("/api/releases"), "{\"releaseId\":\"" + id + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2,"
                + "\"publicQuorum\":3,\"rejectionQuorum\":2,\"requiredFactors\":[\"MISUSE_RISK\",\"STAKEHOLDER_INPUT\"],"
                + "\"minDaysBetweenPublicStages\":60}}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.policy.publicQuorum").value(3));

        approvePublicStage(id, "117M", 117_000_000L, Gpt2.FEB_14);
        TestClock.set(Gpt2.FEB_14);
        releaseNow(id, "117M").andExpect(jsonPath("$.status").value("RELEASED"));

        approvePublicStage(id, "345M", 345_000_000L, Gpt2.MAY_03);
        TestClock.set(Gpt2.MAY_03.minus(Duration.ofDays(1)));
        releaseNow(id, "345M").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "earliest-release-not-reached"));
        TestClock.set(Gpt2.MAY_03);
        releaseNow(id, "345M").andExpect(jsonPath("$.status").value("RELEASED"));

        approvePartnerStage(id, "762M", 762_000_000L);
        TestClock.set(Gpt2.MAY_10);
        releaseNow(id, "762M").andExpect(jsonPath("$.access").value("PARTNERS"));
        grant(id, "762M").andExpect(status().isCreated())
                .andExpect(jsonPath("$.grants[0].partner").value(Gpt2.DETECTION_PARTNER));
        approvePartnerStage(id, "1.5B", 1_558_000_000L);
        TestClock.set(Gpt2.MAY_17);
        releaseNow(id, "1.5B");
        grant(id, "1.5B");

        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("1.5B-public", 1_558_000_000L,
                "PUBLIC", Gpt2.NOV_05)).andExpect(status().isCreated());
        TestClock.set(Gpt2.AUG_01);
        as("demo-member-2", post("/api/releases/{id}/stages/762M/misuse-reports", id),
                "{\"reportedBy\":\"" + Gpt2.MISUSE_PARTNER + "\",\"summary\":\"762M fine-tuned to generate "
                        + "extremist propaganda\",\"severity\":\"HIGH\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.misuseReports[0].reportedBy").value(Gpt2.MISUSE_PARTNER));
        vote(id, "1.5B-public", "demo-member-2", "APPROVE").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "stage-halted"));

        chair(post("/api/releases/{id}/reviews", id), "{\"reviewId\":\"six-month-review\",\"title\":\"Six-month "
                + "analysis\",\"stageId\":\"345M\",\"dueAt\":\"" + Gpt2.AUG_20 + "\"}")
                .andExpect(status().isCreated());
        TestClock.set(Gpt2.AUG_20.plus(Duration.ofDays(1)));
        read(id).andExpect(jsonPath("$.overdueReviews[0]").value("six-month-review"));
        chair(post("/api/releases/{id}/reviews/six-month-review/publish", id), "{\"summary\":\"Little evidence of "
                + "misuse; detection is feasible\",\"url\":\"https://arxiv.org/abs/1908.09203\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.overdueReviews", hasSize(0)));

        for (String member : List.of("demo-member-2", "demo-member-3", "demo-chair")) {
            as(member, post("/api/releases/{id}/stages/1.5B-public/resume-votes", id),
                    "{\"vote\":\"APPROVE\",\"rationale\":\"Detection work answers the report\"}")
                    .andExpect(status().isAccepted());
        }
        inputsAndVotes(id, "1.5B-public", List.of("MISUSE_RISK", "STAKEHOLDER_INPUT"),
                List.of("demo-member-2", "demo-member-3", "demo-chair"));
        TestClock.set(Gpt2.NOV_05);
        releaseNow(id, "1.5B-public").andExpect(jsonPath("$.status").value("RELEASED"));

        read(id)
                .andExpect(jsonPath("$.stages", hasSize(5)))
                .andExpect(jsonPath("$.stages[*].status", everyItem(equalTo("RELEASED"))))
                .andExpect(jsonPath("$.stages[0].votes[0].member").value("member-2"))
                .andExpect(jsonPath("$.stages[0].votes[0].vote").value("APPROVE"))
                .andExpect(jsonPath("$.stages[0].votes[0].rationale").value("Benefits outweigh the risk"))
                .andExpect(jsonPath("$.stages[0].votes[0].at").exists())
                .andExpect(jsonPath("$.stages[2].expertInputs", hasSize(5)))
                .andExpect(jsonPath("$.stages[2].grants[0].purpose").value("DETECTION_RESEARCH"))
                .andExpect(jsonPath("$.stages[4].halts[0].causedBy").value("762M"))
                .andExpect(jsonPath("$.stages[4].halts[0].resumedAt").exists())
                .andExpect(jsonPath("$.reviews[0].url").value("https://arxiv.org/abs/1908.09203"));

        mvc.perform(get("/api/releases").param("model", "gpt-2").param("stageStatus", "RELEASED")
                        .header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.releaseId == '" + id + "')].released").value(hasItem(5)));
    }

    @Test
    void everyCommandChecksItsRoleAndARefusedOneStoresNothing() throws Exception {
        String id = registeredWithApproved117M();
        long before = storedEvents(id);
        String vote = "{\"vote\":\"APPROVE\",\"rationale\":\"r\"}";
        List<Object[]> forbidden = List.of(
                new Object[]{"demo-member-1", post("/api/releases"), registration(uniqueReleaseId(), 2)},
                new Object[]{"demo-member-1", post("/api/releases/{id}/policy", id),
                        "{\"policy\":{\"quorum\":1},\"reason\":\"r\"}"},
                new Object[]{"demo-expert", post("/api/releases/{id}/stages", id), proposal("2B", 2L, "PUBLIC", null)},
                new Object[]{"demo-member-1", post("/api/releases/{id}/stages/117M/expert-inputs", id),
                        "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\",\"summary\":\"s\"}"},
                new Object[]{"demo-auditor", post("/api/releases/{id}/stages/117M/votes", id), vote},
                new Object[]{"demo-expert", post("/api/releases/{id}/stages/117M/recusals", id), "{}"},
                new Object[]{"demo-member-2", post("/api/releases/{id}/stages/117M/release", id), "{}"},
                new Object[]{"demo-member-2", delete("/api/releases/{id}/stages/117M/release", id), ""},
                new Object[]{"demo-member-2", post("/api/releases/{id}/stages/117M/partners", id), grantBody()},
                new Object[]{"demo-expert", delete("/api/releases/{id}/stages/117M/partners/Lab", id), ""},
                new Object[]{"demo-auditor", post("/api/releases/{id}/stages/117M/misuse-reports", id),
                        "{\"reportedBy\":\"x\",\"summary\":\"s\",\"severity\":\"LOW\"}"},
                new Object[]{"demo-member-2", post("/api/releases/{id}/stages/117M/withdraw", id),
                        "{\"reason\":\"r\"}"},
                new Object[]{"demo-expert", post("/api/releases/{id}/stages/117M/resume-votes", id), vote},
                new Object[]{"demo-member-2", post("/api/releases/{id}/reviews", id),
                        "{\"title\":\"t\",\"stageId\":\"117M\",\"dueAt\":\"2030-01-01T00:00:00Z\"}"},
                new Object[]{"demo-member-2", post("/api/releases/{id}/reviews/r/publish", id),
                        "{\"summary\":\"s\",\"url\":\"https://x\"}"},
                new Object[]{"demo-subscriber-admin", get("/api/releases/{id}", id), ""},
                new Object[]{"demo-subscriber-admin", get("/api/releases"), ""});
        for (Object[] attempt : forbidden) {
            as((String) attempt[0], (MockHttpServletRequestBuilder) attempt[1], (String) attempt[2])
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    @Test
    void brokenRulesAnswerWithTheirOwnProblemTypeAndStoreNothing() throws Exception {
        String id = registeredWithApproved117M();
        long before = storedEvents(id);
        chair(post("/api/releases/{id}/policy", id), "{\"policy\":{\"quorum\":3,\"publicQuorum\":2},\"reason\":\"r\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-policy"))
                .andExpect(jsonPath("$.rule").value("INVALID_POLICY"));
        vote(id, "117M", "demo-chair", "REJECT").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "voting-closed"));
        as("demo-member-2", post("/api/releases/{id}/stages/117M/misuse-reports", id),
                "{\"reportedBy\":\"x\",\"summary\":\"s\",\"severity\":\"LOW\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "misuse-on-unreleased-stage"));
        chair(post("/api/releases/{id}/stages/117M/partners", id), grantBody().replace("2030", "2001"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "expiry-in-past"));
        chair(delete("/api/releases/{id}/stages/117M/release", id), "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "no-scheduled-release"));
        chair(post("/api/releases/{id}/reviews/nope/publish", id), "{\"summary\":\"s\",\"url\":\"https://x\"}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "review-not-found"));
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    @Test
    void malformedInputIsA400NamingTheFieldAndStoresNothing() throws Exception {
        String id = registeredWithApproved117M();
        long before = storedEvents(id);
        as("demo-expert", post("/api/releases/{id}/stages/117M/expert-inputs", id),
                "{\"factor\":\"MISUSE_RISK\",\"risk\":\"EXTREME\",\"summary\":\"s\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Field 'risk' must be one of LOW, MEDIUM, HIGH, CRITICAL."));
        as("demo-expert", post("/api/releases/{id}/stages/117M/expert-inputs", id),
                "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'summary'")));
        chair(post("/api/releases/{id}/stages/117M/partners", id), grantBody().replace("2030-01-01T00:00:00Z", "soon"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].rule").value("instant-format"))
                .andExpect(jsonPath("$.detail").value(containsString("'expiresAt' must be an ISO-8601 instant")));
        chair(post("/api/releases/{id}/stages/117M/withdraw", id), "{\"reason\":\"" + "x".repeat(5000) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'reason'")));
        chair(post("/api/releases/{id}/stages/117M/withdraw", id), "{\"reason\":\"" + "x".repeat(300_000) + "\"}")
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "request-too-large"));
        chair(post("/api/releases/{id}/stages/117M/withdraw", id), "{\"reason\":\"r\",\"force\":true}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Unknown field 'force'."));
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    @Test
    void textAndNumbersAConsumerCannotStoreAreA400NamingTheFieldAndStoreNothing() throws Exception {
        String id = registeredWithApproved117M();
        chair(post("/api/releases/{id}/stages/117M/partners", id), grantBody()).andExpect(status().isCreated());
        long before = storedEvents(id);
        refused(chair(post("/api/releases/{id}/stages/117M/withdraw", id), "{\"reason\":\"before\\u0000after\"}"),
                "reason", "holds U+0000 at index 6");
        refused(as("demo-member-1", post("/api/releases/{id}/stages", id),
                proposal("345M", 345_000_000L, "PUBLIC", null).replace("Staged release", "\\ud800")),
                "rationale", "holds a lone surrogate U+D800 at index 0");
        refused(as("demo-member-1", post("/api/releases/{id}/stages", id),
                proposal("345M", 1L << 53, "PUBLIC", null)), "parameters", "2^53-1");
        as("demo-member-1", post("/api/releases/{id}/stages", id),
                proposal("345M", 1L, "PUBLIC", null).replace("\"parameters\":1", "\"parameters\":1.5"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Field 'parameters' has the wrong type (expected an integer)."));
        refused(as("demo-expert", post("/api/releases/{id}/stages/117M/expert-inputs", id),
                "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\",\"summary\":\"s\",\"references\":[\"ok\",\"\\udc00x\"]}"),
                "references[1]", "lone surrogate U+DC00");
        refused(mvc.perform(delete("/api/releases/{id}/stages/117M/partners/{partner}", id, "Lab")
                        .param("reason", "ended\u0000").header("Authorization", "Bearer demo-chair")),
                "reason", "holds U+0000 at index 5");
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    private static void refused(ResultActions response, String field, String why) throws Exception {
        response.andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.detail").value(
                        either(containsString("'" + field + "' must be well-formed Unicode"))
                        .or(containsString("'" + field + "' must be an integer between -(2^53-1) and 2^53-1"))))
                .andExpect(jsonPath("$.detail").value(containsString(why)));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstAnswerAndStoresNothing() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, 2));
        String proposal = proposal("117M", 117_000_000L, "PUBLIC", null);
        MvcResult first = as("demo-member-1", post("/api/releases/{id}/stages", id)
                .header("Idempotency-Key", "propose-117M"), proposal)
                .andExpect(status().isCreated()).andReturn();
        as("demo-member-1", post("/api/releases/{id}/stages", id).header("Idempotency-Key", "propose-117M"), proposal)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("ETag", first.getResponse().getHeader("ETag")))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));
        assertThat(storedEvents(id)).isEqualTo(2);

        as("demo-member-1", post("/api/releases/{id}/stages", id).header("Idempotency-Key", "propose-117M"),
                proposal("345M", 345_000_000L, "PUBLIC", null))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-reused"));
        assertThat(storedEvents(id)).isEqualTo(2);
    }

    @Test
    void aWriteWithAStaleIfMatchIsRefusedWith412() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, 2));
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M", 117_000_000L, "PUBLIC", null));
        String etag = read(id).andExpect(header().string("ETag", "\"1\"")).andReturn().getResponse()
                .getHeader("ETag");
        vote(id, "117M", "demo-member-2", "APPROVE", etag).andExpect(status().isAccepted())
                .andExpect(header().string("ETag", "\"2\""));

        vote(id, "117M", "demo-member-3", "APPROVE", etag)
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "version-mismatch"));
        // a version no release can reach, beyond a long: refused the same way, not a 500
        vote(id, "117M", "demo-member-3", "APPROVE", "\"99999999999999999999\"")
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "version-mismatch"));
        assertThat(storedEvents(id)).isEqualTo(3);
    }

    @Test
    void fiftyMembersVotingAtOnceAreAllCountedExactlyOnce() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, 100));
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M", 117_000_000L, "PUBLIC", null));
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int voter = 1; voter <= 50; voter++) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/releases/" + id + "/stages/117M/votes"))
                        .header("Authorization", "Bearer voter-token-" + voter)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"vote\":\"APPROVE\",\"rationale\":\"yes\"}"))
                        .build();
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            start.countDown();
            assertThat(answers).allSatisfy(answer -> assertThat(answer.get()).isEqualTo(202));
        } finally {
            pool.shutdown();
        }
        JsonNode votes = json.readTree(read(id).andReturn().getResponse().getContentAsString())
                .at("/stages/0/votes");
        List<String> members = new ArrayList<>();
        votes.forEach(vote -> members.add(vote.get("member").asText()));
        assertThat(members).hasSize(50).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like '%VoteCast'", Long.class, id)).isEqualTo(50);
    }

    @Test
    void aScheduledReleaseHappensFromTheDurableSchedulerAndCanBeCancelled() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, 1));
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M", 117_000_000L, "PUBLIC", null));
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("345M", 345_000_000L, "PUBLIC", null));
        vote(id, "117M", "demo-member-2", "APPROVE");
        vote(id, "345M", "demo-member-2", "APPROVE");

        assertThat(deadlines).as("deadlines are kept in PostgreSQL, not in memory")
                .isInstanceOf(DbSchedulerDeadlineManager.class);
        // the API takes instants to the millisecond and shows them with exactly three digits
        Instant inTwoSeconds = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(2);
        chair(post("/api/releases/{id}/stages/117M/release", id), "{\"note\":\"on time\",\"at\":\"" + inTwoSeconds
                + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.scheduledReleaseAt").value(ApiInstants.format(inTwoSeconds)));
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where execution_time = ?", Long.class,
                java.sql.Timestamp.from(inTwoSeconds))).isEqualTo(1);
        chair(post("/api/releases/{id}/stages/345M/release", id), "{\"at\":\"" + inTwoSeconds + "\"}")
                .andExpect(status().isAccepted());
        chair(delete("/api/releases/{id}/stages/345M/release", id), "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scheduledReleaseAt").doesNotExist());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read(id)
                .andExpect(jsonPath("$.stages[0].status").value("RELEASED"))
                .andExpect(jsonPath("$.stages[0].releaseNote").value("on time")));
        read(id).andExpect(jsonPath("$.stages[1].status").value("APPROVED"));
    }

    private void approvePublicStage(String id, String stageId, long parameters, Instant earliest) throws Exception {
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal(stageId, parameters, "PUBLIC", earliest))
                .andExpect(status().isCreated());
        inputsAndVotes(id, stageId, List.of("MISUSE_RISK", "STAKEHOLDER_INPUT"),
                List.of("demo-member-2", "demo-member-3", "demo-chair"));
    }

    private void approvePartnerStage(String id, String stageId, long parameters) throws Exception {
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal(stageId, parameters, "PARTNERS", null))
                .andExpect(status().isCreated());
        inputsAndVotes(id, stageId, List.of("MISUSE_RISK", "EASE_OF_USE", "REPLICATION_LANDSCAPE",
                "EVIDENCE_OF_USE", "STAKEHOLDER_INPUT"), List.of("demo-member-2", "demo-member-3"));
    }

    private void inputsAndVotes(String id, String stageId, List<String> factors, List<String> voters)
            throws Exception {
        for (String factor : factors) {
            as("demo-expert", post("/api/releases/{id}/stages/{stage}/expert-inputs", id, stageId),
                    "{\"factor\":\"" + factor + "\",\"risk\":\"MEDIUM\",\"summary\":\"" + factor + " assessed\","
                            + "\"references\":[\"https://openai.com/blog/better-language-models/\"]}")
                    .andExpect(status().isCreated());
        }
        for (String voter : voters) {
            vote(id, stageId, voter, "APPROVE").andExpect(status().isAccepted());
        }
        read(id).andExpect(jsonPath("$.stages[?(@.stageId == '" + stageId + "')].status").value(hasItem("APPROVED")));
    }

    private String registeredWithApproved117M() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, 1)).andExpect(status().isCreated());
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M", 117_000_000L, "PUBLIC", null));
        vote(id, "117M", "demo-member-2", "APPROVE").andExpect(jsonPath("$.status").value("APPROVED"));
        return id;
    }

    private ResultActions releaseNow(String id, String stageId) throws Exception {
        return chair(post("/api/releases/{id}/stages/{stage}/release", id, stageId),
                "{\"note\":\"" + stageId + " released\"}");
    }

    private ResultActions grant(String id, String stageId) throws Exception {
        return chair(post("/api/releases/{id}/stages/{stage}/partners", id, stageId),
                "{\"partner\":\"" + Gpt2.DETECTION_PARTNER + "\",\"purpose\":\"DETECTION_RESEARCH\","
                        + "\"description\":\"Detecting synthetic text\",\"agreementRef\":\"LPA-2019-" + stageId
                        + "\",\"expiresAt\":\"2020-05-10T00:00:00Z\"}");
    }

    private ResultActions vote(String id, String stageId, String token, String choice) throws Exception {
        return vote(id, stageId, token, choice, null);
    }

    private ResultActions vote(String id, String stageId, String token, String choice, String ifMatch)
            throws Exception {
        MockHttpServletRequestBuilder request = post("/api/releases/{id}/stages/{stage}/votes", id, stageId);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return as(token, request, "{\"vote\":\"" + choice + "\",\"rationale\":\"Benefits outweigh the risk\"}");
    }

    private ResultActions read(String id) throws Exception {
        return mvc.perform(get("/api/releases/{id}", id).header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk());
    }

    private ResultActions chair(MockHttpServletRequestBuilder request, String body) throws Exception {
        return as("demo-chair", request, body);
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        request.header("Authorization", "Bearer " + token);
        if (!body.isEmpty()) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    private long storedEvents(String releaseId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, releaseId);
    }

    private static String registration(String releaseId, int quorum) {
        return "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":" + quorum + "}}";
    }

    private static String proposal(String stageId, long parameters, String access, Instant earliest) {
        return "{\"stageId\":\"" + stageId + "\",\"parameters\":" + parameters + ",\"access\":\"" + access
                + "\",\"rationale\":\"Staged release: " + stageId + "\""
                + (earliest == null ? "" : ",\"earliestReleaseAt\":\"" + earliest + "\"") + "}";
    }

    private static String grantBody() {
        return "{\"partner\":\"Lab\",\"purpose\":\"DETECTION_RESEARCH\",\"agreementRef\":\"A-1\","
                + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
    }

    private static String uniqueReleaseId() {
        return "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
