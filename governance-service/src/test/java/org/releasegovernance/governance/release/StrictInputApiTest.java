package org.releasegovernance.governance.release;

import org.junit.jupiter.api.Test;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A decision request means one thing or is refused with a problem document naming why, and nothing is stored:
 * duplicate keys, trailing text, numbers for names, fractions for counts, padded enum names, instants that are
 * numbers, beyond year 9999 or finer than a millisecond. Shares its application context with {@link DecisionApiTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class StrictInputApiTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRegistrationMeansOneThingOrIsRefused() throws Exception {
        String id = uniqueReleaseId();
        refused(chair(post("/api/releases"), "{\"releaseId\":\"" + id + "\",\"releaseId\":\"other\",\"model\":\"GPT-2\","
                + "\"policy\":{\"quorum\":1}}"), "malformed-request");
        refused(chair(post("/api/releases"), registration(id, "1") + " trailing"), "malformed-request");
        refused(chair(post("/api/releases"), registration(id, "1.5")), "invalid-request");
        refused(chair(post("/api/releases"), registration(id, "\"1\"")), "invalid-request");
        refused(chair(post("/api/releases"), "{\"releaseId\":123,\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}"),
                "invalid-request").andExpect(jsonPath("$.errors[0].field").value("releaseId"));
        refused(chair(post("/api/releases"), "{\"releaseId\":true,\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}"),
                "invalid-request");
        assertThat(storedEvents(id)).isZero();
    }

    @Test
    void aVoteIsANameSpelledExactly() throws Exception {
        String id = registeredWithProposed117M();
        long before = storedEvents(id);
        refused(vote(id, "1"), "invalid-request").andExpect(jsonPath("$.errors[0].field").value("vote"));
        refused(vote(id, "\" APPROVE \""), "invalid-request");
        refused(vote(id, "\"approve\""), "invalid-request");
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    @Test
    void instantsAreIsoStringsToTheMillisecondWithinYears1To9999() throws Exception {
        String id = registeredWithProposed117M();
        long before = storedEvents(id);
        String stages = "/api/releases/{id}/stages";
        refused(as("demo-member-1", post(stages, id), proposal("345M", "1550138400")), "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("earliestReleaseAt"))
                .andExpect(jsonPath("$.errors[0].rule").value("instant-format"));
        refused(as("demo-member-1", post(stages, id), proposal("345M", "\"+294277-01-01T00:00:00Z\"")),
                "invalid-request").andExpect(jsonPath("$.errors[0].rule").value("instant-range"));
        refused(as("demo-member-1", post(stages, id), proposal("345M", "\"2030-01-01T00:00:00.000001Z\"")),
                "invalid-request").andExpect(jsonPath("$.errors[0].rule").value("instant-precision"));
        refused(chair(post("/api/releases/{id}/stages/117M/release", id), "{\"at\":\"+294277-01-01T00:00:00Z\"}"),
                "invalid-request").andExpect(jsonPath("$.errors[0].field").value("at"));
        assertThat(storedEvents(id)).isEqualTo(before);
    }

    @Test
    void answersShowInstantsWithExactlyMilliseconds() throws Exception {
        String id = registeredWithProposed117M();
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("345M", "\"2030-01-01T00:00:00Z\""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.earliestReleaseAt").value("2030-01-01T00:00:00.000Z"));
    }

    @Test
    void aSecondRegistrationOfAnIdIsA409WithAPlainDetail() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, "1")).andExpect(status().isCreated());
        refused(chair(post("/api/releases"), registration(id, "1")), "release-already-registered")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(not(containsString("insert"))))
                .andExpect(jsonPath("$.detail").value(not(containsString("constraint"))));
    }

    @Test
    void aCallerWithoutTheRoleIsRefusedBeforeTheBodyIsRead() throws Exception {
        String id = registeredWithProposed117M();
        as("demo-auditor", post("/api/releases/{id}/stages/117M/votes", id), "{not json")
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"))
                .andExpect(jsonPath("$.detail").value(containsString("MEMBER or CHAIR")));
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404Problem() throws Exception {
        mvc.perform(get("/error"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
    }

    private ResultActions refused(ResultActions response, String slug) throws Exception {
        return response.andExpect(status().is4xxClientError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + slug))
                .andExpect(jsonPath("$.status").value(org.hamcrest.Matchers.oneOf(
                        HttpStatus.BAD_REQUEST.value(), HttpStatus.CONFLICT.value())));
    }

    private String registeredWithProposed117M() throws Exception {
        String id = uniqueReleaseId();
        chair(post("/api/releases"), registration(id, "2")).andExpect(status().isCreated());
        as("demo-member-1", post("/api/releases/{id}/stages", id), proposal("117M", null))
                .andExpect(status().isCreated());
        return id;
    }

    private ResultActions vote(String id, String choice) throws Exception {
        return as("demo-member-2", post("/api/releases/{id}/stages/117M/votes", id),
                "{\"vote\":" + choice + ",\"rationale\":\"r\"}");
    }

    private ResultActions chair(MockHttpServletRequestBuilder request, String body) throws Exception {
        return as("demo-chair", request, body);
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long storedEvents(String releaseId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, releaseId);
    }

    private static String registration(String releaseId, String quorum) {
        return "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":" + quorum + "}}";
    }

    private static String proposal(String stageId, String earliestJson) {
        return "{\"stageId\":\"" + stageId + "\",\"parameters\":1,\"access\":\"PUBLIC\",\"rationale\":\"r\""
                + (earliestJson == null ? "" : ",\"earliestReleaseAt\":" + earliestJson) + "}";
    }

    private static String uniqueReleaseId() {
        return "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
