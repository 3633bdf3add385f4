package org.releasegovernance.governance.release;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.governance.TestClock;
import org.releasegovernance.infra.TestInfrastructure;
import org.releasegovernance.problems.ApiInstants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the {@code at} of {@code POST .../release} means over HTTP: absent or now releases, ahead schedules, passed is
 * refused. The service's clock is fixed, so "now" is exact. Shares its application context with
 * {@link ReleaseApiTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class ReleaseTimeApiTest {

    private static final Instant NOW = Instant.parse("2019-02-14T17:00:00Z");
    private static final String PROBLEMS = "https://releasegovernance.org/problems/";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void systemClock() {
        TestClock.reset();
    }

    @Test
    void aReleaseAtATimeThatHasPassedIsRefusedAndStoresNothing() throws Exception {
        String releaseId = registeredWithApproved117M();
        long events = storedEvents(releaseId);

        release(releaseId, "{\"note\":\"an hour late\",\"at\":\"" + NOW.minusSeconds(3600) + "\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "schedule-in-past"));

        assertThat(storedEvents(releaseId)).isEqualTo(events);
        mvc.perform(get("/api/releases/{id}", releaseId).header("Authorization", "Bearer demo-auditor"))
                .andExpect(jsonPath("$.stages[0].status").value("APPROVED"))
                .andExpect(jsonPath("$.stages[0].scheduledReleaseAt").doesNotExist());
    }

    @Test
    void aReleaseAtNowGivenAFewSecondsAgoByTheCallersClockIsCarriedOutAtOnce() throws Exception {
        String releaseId = registeredWithApproved117M();

        release(releaseId, "{\"note\":\"now\",\"at\":\"" + NOW.minusSeconds(2) + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("RELEASED"))
                .andExpect(jsonPath("$.releasedAt").value(ApiInstants.format(NOW)));
    }

    @Test
    void aReleaseWithoutAtIsCarriedOutNow() throws Exception {
        String releaseId = registeredWithApproved117M();

        release(releaseId, "{\"note\":\"now\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("RELEASED"))
                .andExpect(jsonPath("$.releasedAt").value(ApiInstants.format(NOW)));
    }

    @Test
    void aReleaseAtATimeAheadIsScheduled() throws Exception {
        String releaseId = registeredWithApproved117M();
        // ahead of the fixed clock, which db-scheduler reads, and of the real one later tests go back to: it stays
        // scheduled
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        release(releaseId, "{\"note\":\"tomorrow\",\"at\":\"" + tomorrow + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.scheduledReleaseAt").value(ApiInstants.format(tomorrow)));
    }

    private String registeredWithApproved117M() throws Exception {
        TestClock.set(NOW);
        String releaseId = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        as("demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}")
                .andExpect(status().isCreated());
        as("demo-member-1", post("/api/releases/{id}/stages", releaseId),
                "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\",\"rationale\":\"small\"}")
                .andExpect(status().isCreated());
        as("demo-member-2", post("/api/releases/{id}/stages/117M/votes", releaseId),
                "{\"vote\":\"APPROVE\",\"rationale\":\"low risk\"}")
                .andExpect(jsonPath("$.status").value("APPROVED"));
        return releaseId;
    }

    private ResultActions release(String releaseId, String body) throws Exception {
        return as("demo-chair", post("/api/releases/{id}/stages/117M/release", releaseId), body);
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long storedEvents(String releaseId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, releaseId);
    }
}
