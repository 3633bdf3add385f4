package org.releasegovernance.security;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class BearerTokenSecurityTest {

    @SpringBootApplication
    @RestController
    static class ProbeApplication {

        @GetMapping("/api/chair-only")
        @PreAuthorize("hasRole('CHAIR')")
        String chairOnly(Principal principal) {
            return principal.getName();
        }

        @GetMapping("/feed")
        String feed() {
            return "public";
        }
    }

    @Nested
    @SpringBootTest(classes = ProbeApplication.class, properties = {
            "governance.security.demo-tokens=true",
            "governance.security.public-paths=/feed",
            "governance.security.tokens[0].principal=ops-bot",
            // SHA-256 of "s3cret-ops-token"
            "governance.security.tokens[0].sha256=33f2b360edd7445f8d2a50fdb8ef87ed9ccdf28e7ed3da075cec0c6bba1752a6",
            "governance.security.tokens[0].roles=CHAIR"})
    @AutoConfigureMockMvc
    class WithDemoTokens {

        @Autowired
        MockMvc mvc;

        @Test
        void aRequestWithoutTokenGetsAProblemDocument() throws Exception {
            mvc.perform(get("/api/chair-only"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", "Bearer"))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/unauthenticated"));
        }

        @Test
        void anUnknownTokenIsRefused() throws Exception {
            mvc.perform(get("/api/chair-only").header("Authorization", "Bearer demo-nobody"))
                    .andExpect(status().isUnauthorized());
        }

        @Test
        void aTokenWithoutTheRoleIsForbidden() throws Exception {
            mvc.perform(get("/api/chair-only").header("Authorization", "Bearer demo-member-1"))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/forbidden"));
        }

        @Test
        void theDemoChairActsAsThePrincipalChair() throws Exception {
            mvc.perform(get("/api/chair-only").header("Authorization", "Bearer demo-chair"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("chair"));
        }

        @Test
        void aConfiguredTokenIsMatchedByItsHash() throws Exception {
            mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + "s3cret-ops-token"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("ops-bot"));
        }

        @Test
        void apiMeNamesTheTokensPrincipalAndRoles() throws Exception {
            mvc.perform(get("/api/me").header("Authorization", "Bearer demo-member-2"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.principal").value("member-2"))
                    .andExpect(jsonPath("$.roles[0]").value("MEMBER"))
                    .andExpect(jsonPath("$.roles.length()").value(1));
            mvc.perform(get("/api/me")).andExpect(status().isUnauthorized());
        }

        @Test
        void publicPathsAndHealthNeedNoToken() throws Exception {
            mvc.perform(get("/feed")).andExpect(status().isOk());
            mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        }
    }

    @Nested
    @SpringBootTest(classes = ProbeApplication.class)
    @AutoConfigureMockMvc
    class OutsideTheLocalRun {

        @Autowired
        MockMvc mvc;

        @Test
        void demoTokensAreRefused() throws Exception {
            mvc.perform(get("/api/chair-only").header("Authorization", "Bearer demo-chair"))
                    .andExpect(status().isUnauthorized());
        }
    }
}
