package org.releasegovernance.audit.log;

import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.events.EventEnvelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Auditors read a release's recorded history; nobody else does. */
@AuditServiceTest
class ReleaseEventsApiTest {

    private static final String EVENTS = "/api/audit/releases/{releaseId}/events";

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Test
    void anAuditorReadsTheStoryInStreamOrder() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        GovernanceTopic.publish(story);
        await().atMost(Duration.ofSeconds(60)).until(() -> auditLog.releaseHistory(releaseId).size() == 6);

        mvc.perform(get(EVENTS, releaseId).header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.releaseId").value(releaseId))
                .andExpect(jsonPath("$.events[*].eventId").value(contains(
                        story.stream().map(envelope -> envelope.eventId().toString()).toArray())))
                .andExpect(jsonPath("$.events[*].type").value(contains("ReleaseRegistered", "StageProposed",
                        "VoteCast", "VoteCast", "StageApproved", "StageReleased")))
                .andExpect(jsonPath("$.events[*].sequence").value(contains(0, 1, 2, 3, 4, 5)))
                .andExpect(jsonPath("$.events[*].actor").value(contains(
                        "chair", "member-1", "member-2", "member-3", "member-3", "chair")))
                .andExpect(jsonPath("$.events[0].cloudEventType")
                        .value("org.releasegovernance.ReleaseRegistered.v1"))
                .andExpect(jsonPath("$.events[0].stageId").value(nullValue()))
                .andExpect(jsonPath("$.events[0].occurredAt").value("2019-02-14T17:00:00.000Z"))
                .andExpect(jsonPath("$.events[0].correlationId").value(story.get(0).correlationId()))
                .andExpect(jsonPath("$.events[0].position").value(story.get(0).position()))
                .andExpect(jsonPath("$.events[0].logIndex").isNumber())
                .andExpect(jsonPath("$.events[0].payload.releaseId").value(releaseId))
                .andExpect(jsonPath("$.events[0].payload.policy.quorum").value(2))
                .andExpect(jsonPath("$.events[2].payload.vote").value("APPROVE"))
                .andExpect(jsonPath("$.events[4].payload.approvedBy").value(contains("member-2", "member-3")))
                .andExpect(jsonPath("$.events[5].stageId").value("117M"))
                .andExpect(jsonPath("$.events[5].payload.note").value("Weights and code published"))
                .andExpect(jsonPath("$.events[5].payload.access").value("PUBLIC"));
    }

    @Test
    void withoutATokenTheHistoryIsRefused() throws Exception {
        mvc.perform(get(EVENTS, "gpt-2"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aCommitteeMemberMayNotReadTheHistory() throws Exception {
        mvc.perform(get(EVENTS, "gpt-2").header("Authorization", "Bearer demo-member-1"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anUnknownReleaseIsNotFound() throws Exception {
        String releaseId = Story.uniqueReleaseId();

        mvc.perform(get(EVENTS, releaseId).header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/release-not-found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value(containsString(releaseId)));
    }
}
