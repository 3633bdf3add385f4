package org.releasegovernance.audit.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code Idempotency-Key} on starting a replay: an auditor whose client resends the request after a lost answer is
 * pointed at the replay already running instead of starting a second one.
 */
@AuditServiceTest
class KeyedReplayApiTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Test
    void aRepeatedStartPointsAtTheFirstReplayAndStartsNoOther() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = replays();
        MvcResult first = start(key, null)
                .andExpect(status().isAccepted())
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andReturn();
        String location = first.getResponse().getHeader("Location");
        start(key, null)
                .andExpect(status().isAccepted())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", location))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));
        assertThat(replays()).isEqualTo(before + 1);

        // the replay starts once its row is committed with the answer, and records its outcome in that row
        JsonNode outcome = await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(mvc.perform(
                        get(location).header("Authorization", "Bearer demo-auditor"))
                        .andReturn().getResponse().getContentAsString()),
                replay -> !replay.get("status").asText().equals("RUNNING"));
        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndStartsNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        start(key, null).andExpect(status().isAccepted());
        long before = replays();
        start(key, "{}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-reused"));
        assertThat(replays()).isEqualTo(before);
    }

    @Test
    void aBlankOrOverlongKeyIsRefusedAndStartsNothing() throws Exception {
        long before = replays();
        for (String key : new String[]{"", "   ", "k".repeat(256)}) {
            start(key, null)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        }
        assertThat(replays()).isEqualTo(before);
    }

    private ResultActions start(String key, String body) throws Exception {
        MockHttpServletRequestBuilder request = post("/api/audit/replays")
                .header("Authorization", "Bearer demo-auditor").header("Idempotency-Key", key);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    private long replays() {
        return jdbc.queryForObject("select count(*) from replay", Long.class);
    }
}
