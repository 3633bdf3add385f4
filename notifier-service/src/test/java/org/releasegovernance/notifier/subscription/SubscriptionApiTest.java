package org.releasegovernance.notifier.subscription;

import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SubscriptionApiTest extends NotifierServiceTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSecretIsShownOnceAndStoredEncrypted() throws Exception {
        String created = create("""
                {"channel":"WEBHOOK","url":"https://hooks.example.org/releases","eventTypes":["StageReleased"]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secret").value(startsWith("whsec_")))
                .andExpect(jsonPath("$.releaseIds").isEmpty())
                .andReturn().getResponse().getContentAsString();
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String secret = created.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");

        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/releases"))
                .andExpect(jsonPath("$.secret").doesNotExist());
        mvc.perform(get("/api/subscriptions").header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '%s')]".formatted(id)).exists())
                .andExpect(jsonPath("$[*].secret").isEmpty());
        byte[] stored = jdbc.sql("select secret_ciphertext from subscription where id = ?::uuid").param(id)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring("whsec_".length()));
    }

    @Test
    void badInputIsRefusedWithTheFieldNamedAndNothingStored() throws Exception {
        long before = count();
        create("{\"channel\":\"WEBHOOK\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("url"))
                .andExpect(jsonPath("$.detail").value(containsString("'url'")));
        create("{\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("channel"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"/relative/path\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("url"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"ftp://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("url"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageLaunched\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("eventTypes"))
                .andExpect(jsonPath("$.detail").value(containsString("StageLaunched")));
        create("{\"channel\":\"CARRIER_PIGEON\",\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("channel"))
                .andExpect(jsonPath("$.detail").value(containsString("'channel' must be one of WEBHOOK")));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void onlySubscriberAdministratorsManageSubscriptions() throws Exception {
        mvc.perform(post("/api/subscriptions").header("Authorization", "Bearer demo-chair")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\":\"WEBHOOK\",\"url\":\"https://e.org\",\"eventTypes\":[\"StageReleased\"]}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/deliveries").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/subscriptions")).andExpect(status().isUnauthorized());
    }

    private ResultActions create(String body) throws Exception {
        return mvc.perform(post("/api/subscriptions").header("Authorization", "Bearer demo-subscriber-admin")
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long count() {
        return jdbc.sql("select count(*) from subscription").query(Long.class).single();
    }
}
