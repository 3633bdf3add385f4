package org.releasegovernance.audit.export;

import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.events.EventEnvelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A mirror or monitor fetches only the entries appended since its last export. */
@AuditServiceTest
class ExportApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Test
    void exportFromAnIndexStreamsOnlyTheEntriesFromThere() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        long before = auditLog.size();
        GovernanceTopic.publish(story);
        await().atMost(Duration.ofSeconds(60)).until(() -> auditLog.releaseHistory(releaseId).size() == 6);
        long size = before + 6;

        MvcResult started = mvc.perform(get("/api/audit/export").param("from", Long.toString(before))
                        .param("treeSize", Long.toString(size)).header("Authorization", "Bearer demo-auditor"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String body = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        List<String> lines = Arrays.asList(body.split("\n"));
        assertThat(lines).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(lines.get(i)).startsWith("{\"index\":" + (before + i) + ",")
                    .contains("\"eventId\":\"" + story.get(i).eventId() + "\"");
        }
    }

    @Test
    void aStartBeyondTheExportedTreeIsABadRequestNamingTheRule() throws Exception {
        long size = auditLog.size();

        mvc.perform(get("/api/audit/export").param("from", Long.toString(size + 1))
                        .header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(endsWith("from-out-of-range")));
    }
}
