package org.releasegovernance.audit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What operators and the local launcher rely on: health without a token and metrics. */
@AuditServiceTest
class OperationsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void livenessIsUpWithoutAToken() throws Exception {
        // the overall health also holds auditFeed, DOWN here once a test left an event unstored
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void prometheusShowsHowEventsWereConsumed() throws Exception {
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("audit_log_appends_total{")))
                .andExpect(content().string(containsString("audit_records_unreadable_total")));
    }
}
