package org.releasegovernance.console.signin;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * docker-compose passes {@code CONSOLE_OIDC_ISSUER_URI} through, empty unless set: an empty issuer means token sign-in
 * only, not a console that fails to start looking for a discovery document.
 */
@SpringBootTest(properties = "console.oidc.issuer-uri=")
@AutoConfigureMockMvc
class WithoutAnIssuerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void anEmptyIssuerOffersTokenSignInOnly() throws Exception {
        mvc.perform(get("/sign-in"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"token\"")))
                .andExpect(content().string(not(containsString("oidc-sign-in"))));
        mvc.perform(get("/oauth2/authorization/oidc")).andExpect(redirectedUrlPattern("**/sign-in"));
    }
}
