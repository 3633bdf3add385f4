package org.releasegovernance.notifier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What operators and the local launcher rely on: health without a token and metrics. */
class OperationsTest extends NotifierServiceTest {

    @Autowired
    MockMvc mvc;

    @Test
    void healthIsUpWithoutAToken() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void prometheusShowsTheConsumerAndTheUnreadableRecords() throws Exception {
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("notifier_records_unreadable_total")))
                .andExpect(content().string(containsString("jvm_memory_used_bytes")));
    }
}
