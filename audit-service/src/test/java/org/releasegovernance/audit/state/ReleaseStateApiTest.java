package org.releasegovernance.audit.state;

import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.releasegovernance.audit.GovernanceTopic;
import org.releasegovernance.audit.Story;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Auditors see a release as it was at any instant, and gaps or duplicates in its history. */
@AuditServiceTest
class ReleaseStateApiTest {

    private static final String STATE = "/api/audit/releases/{releaseId}/state";

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Test
    void theStateBetweenTwoVotesShowsOneVote() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        GovernanceTopic.publish(Story.stage117M(releaseId));
        await().atMost(Duration.ofSeconds(60)).until(() -> auditLog.releaseHistory(releaseId).size() == 6);

        // the story's votes were cast at 17:02 and 17:03
        mvc.perform(get(STATE, releaseId).param("asOf", "2019-02-14T17:02:30Z")
                        .header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.asOf").value("2019-02-14T17:02:30.000Z"))
                .andExpect(jsonPath("$.release.stages[0].status").value("PROPOSED"))
                .andExpect(jsonPath("$.release.stages[0].votes", hasSize(1)))
                .andExpect(jsonPath("$.release.stages[0].votes[0].vote").value("APPROVE"));
        mvc.perform(get(STATE, releaseId).param("asOf", "2019-02-14T18:00:00Z")
                        .header("Authorization", "Bearer demo-auditor"))
                .andExpect(jsonPath("$.release.stages[0].status").value("RELEASED"))
                .andExpect(jsonPath("$.release.stages[0].votes", hasSize(2)));
        mvc.perform(get(STATE, releaseId).param("asOf", "2019-01-01T00:00:00Z")
                        .header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/release-not-found"));
    }

    @Test
    void aMissingAndADuplicatedSequenceAreReported() throws Exception {
        String releaseId = Story.uniqueReleaseId();
        List<EventEnvelope> story = Story.stage117M(releaseId);
        EventEnvelope secondVoteAgain = Story.envelope(Story.forRelease(Gpt2.stage117MStory().get(3), releaseId), 3,
                releaseId);
        // sequence 2 never arrives; sequence 3 arrives twice under different event ids
        GovernanceTopic.publish(List.of(story.get(0), story.get(1), story.get(3), secondVoteAgain));
        await().atMost(Duration.ofSeconds(60)).until(() -> auditLog.releaseHistory(releaseId).size() == 4);

        mvc.perform(get("/api/audit/anomalies").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.anomalies[?(@.releaseId == '" + releaseId + "' && @.kind == 'GAP')]"
                        + ".fromSequence").value(contains(2)))
                .andExpect(jsonPath("$.anomalies[?(@.releaseId == '" + releaseId + "' && @.kind == 'DUPLICATE')]"
                        + ".fromSequence").value(contains(3)))
                .andExpect(jsonPath("$.anomalies[?(@.releaseId == '" + releaseId + "' && @.kind == 'DUPLICATE')]"
                        + ".eventIds[*]").value(hasItem(secondVoteAgain.eventId().toString())));
        mvc.perform(get("/api/audit/verify").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intact").value(false))
                .andExpect(jsonPath("$.authentic").value(true))
                .andExpect(jsonPath("$.complete").value(false))
                .andExpect(jsonPath("$.gaps[?(@.releaseId == '" + releaseId + "')].fromSequence").value(contains(2)));
    }
}
