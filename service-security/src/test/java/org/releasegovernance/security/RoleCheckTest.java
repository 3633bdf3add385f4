package org.releasegovernance.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = RoleCheckTest.ProbeApplication.class, properties = "governance.security.demo-tokens=true")
@AutoConfigureMockMvc
class RoleCheckTest {

    static final String PROBLEMS = "https://releasegovernance.org/problems/";

    @SpringBootApplication
    @RestController
    static class ProbeApplication {

        @PostMapping("/api/votes")
        @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
        Map<String, String> vote(@RequestBody Map<String, String> vote) {
            return vote;
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aCallerWithoutTheRoleLearnsWhichRolesAreNeededWhateverTheBody() throws Exception {
        mvc.perform(post("/api/votes").header("Authorization", "Bearer demo-auditor")
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"))
                .andExpect(jsonPath("$.requiredRoles[0]").value("MEMBER"))
                .andExpect(jsonPath("$.requiredRoles[1]").value("CHAIR"))
                .andExpect(jsonPath("$.detail").value(containsString("MEMBER or CHAIR")))
                .andExpect(jsonPath("$.detail").value(containsString("AUDITOR")));
    }

    @Test
    void aCallerWithTheRoleHasTheBodyRead() throws Exception {
        mvc.perform(post("/api/votes").header("Authorization", "Bearer demo-member-1")
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));
        mvc.perform(post("/api/votes").header("Authorization", "Bearer demo-member-1")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"vote\":\"APPROVE\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void withoutATokenTheAnswerIsStill401() throws Exception {
        mvc.perform(post("/api/votes").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthenticated"))
                .andExpect(jsonPath("$.title").value("unauthenticated"));
    }

    @Test
    void theFirewallsRefusalsAreProblems() throws Exception {
        mvc.perform(get("/api/a/../votes").header("Authorization", "Bearer demo-member-1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "request-rejected"));
        mvc.perform(get("/api/votes;jsessionid=1").header("Authorization", "Bearer demo-member-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "request-rejected"));
    }
}
