package org.releasegovernance.audit.state;

import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The audit API refuses what it cannot answer exactly with a problem document naming the rule. */
@AuditServiceTest
class StrictAuditApiTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";
    private static final String STATE = "/api/audit/releases/{releaseId}/state";

    @Autowired
    MockMvc mvc;

    @Test
    void anAsOfFinerThanAMillisecondOrBeyondYear9999IsRefusedNamingTheRule() throws Exception {
        refused(asOf("2019-02-14T17:02:30.0000001Z"), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].field").value("asOf"))
                .andExpect(jsonPath("$.errors[0].rule").value("instant-precision"));
        refused(asOf("+294277-01-01T00:00:00Z"), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].rule").value("instant-range"));
        refused(asOf("yesterday"), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].rule").value("instant-format"));
    }

    @Test
    void aMissingParameterIsNamed() throws Exception {
        refused(mvc.perform(get("/api/audit/proofs/inclusion").param("index", "0")
                .header("Authorization", "Bearer demo-auditor")), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].field").value("treeSize"));
    }

    @Test
    void anOutOfRangeProofIsItsOwnProblem() throws Exception {
        refused(mvc.perform(get("/api/audit/proofs/consistency").param("from", "5").param("to", "1")
                .header("Authorization", "Bearer demo-auditor")), "proof-out-of-range", 400);
    }

    @Test
    void anotherRolesCallerLearnsTheRoleNeeded() throws Exception {
        refused(mvc.perform(post("/api/audit/replays").header("Authorization", "Bearer demo-chair")), "forbidden", 403)
                .andExpect(jsonPath("$.requiredRoles[0]").value("AUDITOR"));
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404Problem() throws Exception {
        refused(mvc.perform(get("/error")), "not-found", 404);
    }

    private ResultActions asOf(String instant) throws Exception {
        return mvc.perform(get(STATE, "gpt-2").param("asOf", instant).header("Authorization", "Bearer demo-auditor"));
    }

    private ResultActions refused(ResultActions response, String slug, int status) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + slug));
    }
}
