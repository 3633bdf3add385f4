package org.releasegovernance.console.committee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.releasegovernance.console.signin.ConsoleUser;
import org.releasegovernance.console.web.FormKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The commitments the service's clock keeps, as the committee pages show them: the reminder and the recorded overdue
 * of a review, the expiry notice and the recorded expiry of a partner grant. Each mark says what it is in words,
 * with its instant; a service older than the marks answers without the fields and the pages show what they showed.
 */
@WebMvcTest({BoardController.class, ReleaseController.class, StageController.class})
@Import({Decisions.class, CommitteeView.class, FormKeys.class})
class CommitmentMarksTest {

    private static final String RELEASE_API = "/api/releases/{releaseId}";
    private static final String STAGE_API = "/api/releases/{releaseId}/stages/{stageId}";
    private static final ConsoleUser MEMBER_1 = new ConsoleUser("member-1", Set.of("MEMBER"), "demo-member-1");

    /**
     * GPT-2 with three reviews: six-months reminded and recorded overdue (the API also computes it overdue), detection
     * reminded only, and bias-study published after its reminder.
     */
    private static final Map<String, Object> GPT2_WITH_MARKS = json("""
            {"releaseId":"gpt-2","model":"GPT-2","registeredBy":"chair","registeredAt":"2019-02-14T16:00:00.000Z",
             "version":9,"policy":{"quorum":2,"publicQuorum":2,"rejectionQuorum":2,"requiredFactors":[],
             "minDaysBetweenPublicStages":0},
             "stages":[],
             "reviews":[
              {"reviewId":"six-months","stageId":"117M","title":"Six-month analysis","dueAt":"2019-08-14T00:00:00.000Z",
               "scheduledBy":"chair","publishedAt":null,"summary":null,"url":null,
               "remindedAt":"2019-07-31T00:00:01.000Z","markedOverdueAt":"2019-08-14T00:00:02.000Z"},
              {"reviewId":"detection","stageId":"345M","title":"Detection study","dueAt":"2019-11-01T00:00:00.000Z",
               "scheduledBy":"chair","publishedAt":null,"summary":null,"url":null,
               "remindedAt":"2019-10-18T00:00:03.000Z","markedOverdueAt":null},
              {"reviewId":"bias-study","stageId":"117M","title":"Bias study","dueAt":"2019-06-01T00:00:00.000Z",
               "scheduledBy":"chair","publishedAt":"2019-05-30T09:00:00.000Z","summary":"Done",
               "url":"https://example.org/bias","remindedAt":"2019-05-18T00:00:04.000Z","markedOverdueAt":null}],
             "overdueReviews":["six-months"]}""");

    /** The same first review as a service older than the marks answers it: no remindedAt, no markedOverdueAt. */
    private static final Map<String, Object> GPT2_BEFORE_MARKS = json("""
            {"releaseId":"gpt-2","model":"GPT-2","registeredBy":"chair","registeredAt":"2019-02-14T16:00:00.000Z",
             "version":9,"policy":{"quorum":2,"publicQuorum":2,"rejectionQuorum":2,"requiredFactors":[],
             "minDaysBetweenPublicStages":0},
             "stages":[],
             "reviews":[
              {"reviewId":"six-months","stageId":"117M","title":"Six-month analysis","dueAt":"2019-08-14T00:00:00.000Z",
               "scheduledBy":"chair","publishedAt":null,"summary":null,"url":null}],
             "overdueReviews":["six-months"]}""");

    /** Stage 117M with two grants: one noticed and expired, one noticed and still running until 2999. */
    private static final Map<String, Object> STAGE_WITH_GRANT_MARKS = json("""
            {"stageId":"117M","parameters":117000000,"access":"PARTNERS","status":"RELEASED",
             "rationale":"Smallest first","proposedBy":"member-2","proposedAt":"2019-02-14T17:00:00.000Z",
             "votes":[],"approvedAt":"2019-02-14T18:00:00.000Z","releasedAt":"2019-02-14T19:00:00.000Z",
             "releasedBy":"chair","releaseNote":null,"earliestReleaseAt":null,"expertInputs":[],"recusals":[],
             "grants":[
              {"partner":"Partner Lab","purpose":"DETECTION_RESEARCH","description":null,"agreementRef":"AGR-1",
               "expiresAt":"2019-09-01T00:00:00.000Z","grantedBy":"chair","grantedAt":"2019-03-01T00:00:00.000Z",
               "revokedAt":null,"revokeReason":null,
               "expiryNoticedAt":"2019-08-02T00:00:05.000Z","expiredAt":"2019-09-01T00:00:06.000Z"},
              {"partner":"Other Lab","purpose":"BIAS_ANALYSIS","description":null,"agreementRef":"AGR-2",
               "expiresAt":"2999-01-01T00:00:00.000Z","grantedBy":"chair","grantedAt":"2019-03-01T00:00:00.000Z",
               "revokedAt":null,"revokeReason":null,
               "expiryNoticedAt":"2998-12-02T00:00:07.000Z","expiredAt":null}],
             "misuseReports":[],"halts":[],"resumeVotes":[],"scheduledReleaseAt":null,"rejectedAt":null,
             "withdrawnAt":null,"withdrawReason":null}""");

    /** Stage 117M as a service older than the marks answers it: a grant past its expiry, without the marks. */
    private static final Map<String, Object> STAGE_BEFORE_MARKS = json("""
            {"stageId":"117M","parameters":117000000,"access":"PARTNERS","status":"RELEASED",
             "rationale":"Smallest first","proposedBy":"member-2","proposedAt":"2019-02-14T17:00:00.000Z",
             "votes":[],"approvedAt":null,"releasedAt":null,"releasedBy":null,"releaseNote":null,
             "earliestReleaseAt":null,"expertInputs":[],"recusals":[],
             "grants":[
              {"partner":"Partner Lab","purpose":"DETECTION_RESEARCH","description":null,"agreementRef":"AGR-1",
               "expiresAt":"2019-09-01T00:00:00.000Z","grantedBy":"chair","grantedAt":"2019-03-01T00:00:00.000Z",
               "revokedAt":null,"revokeReason":null}],
             "misuseReports":[],"halts":[],"resumeVotes":[],"scheduledReleaseAt":null,"rejectedAt":null,
             "withdrawnAt":null,"withdrawReason":null}""");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private Apis apis;

    @Test
    void theReleasePageShowsOneOverdueMarkWithTheRecordedInstantAndTheReminders() throws Exception {
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_WITH_MARKS);

        mvc.perform(get("/releases/gpt-2").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Overdue (recorded\n"),
                        containsString("<time datetime=\"2019-08-14T00:00:02.000Z\">2019-08-14T00:00:02.000Z</time>)"),
                        not(containsString(">OVERDUE<")),
                        containsString("Reminder sent\n"),
                        containsString("<time datetime=\"2019-07-31T00:00:01.000Z\">"),
                        containsString("<time datetime=\"2019-10-18T00:00:03.000Z\">"),
                        containsString("<time datetime=\"2019-05-18T00:00:04.000Z\">"),
                        containsString(">PUBLISHED<"),
                        containsString(">SCHEDULED<"))));
    }

    @Test
    void aReleaseFromAServiceOlderThanTheMarksShowsTheComputedOverdue() throws Exception {
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_BEFORE_MARKS);

        mvc.perform(get("/releases/gpt-2").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString(">OVERDUE<"),
                        not(containsString("Overdue (recorded")),
                        not(containsString("Reminder sent")),
                        not(containsString(">SCHEDULED<")))));
    }

    @Test
    void theBoardListsTheUnpublishedReviewsToWatchWithTheirMarks() throws Exception {
        when(apis.list(eq(Backend.GOVERNANCE), any())).thenReturn(List.of(Map.of("releaseId", "gpt-2")));
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_WITH_MARKS);

        mvc.perform(get("/releases").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("aria-label=\"Reviews of gpt-2 to watch\""),
                        containsString("1 OVERDUE REVIEW(S)"),
                        containsString("<span>Six-month analysis</span>"),
                        containsString("Overdue (recorded\n"),
                        containsString("<span>Detection study</span>"),
                        containsString("<time datetime=\"2019-10-18T00:00:03.000Z\">"),
                        not(containsString("Bias study")))));
    }

    @Test
    void theBoardOfAServiceOlderThanTheMarksListsTheComputedOverdueReviews() throws Exception {
        when(apis.list(eq(Backend.GOVERNANCE), any())).thenReturn(List.of(Map.of("releaseId", "gpt-2")));
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_BEFORE_MARKS);

        mvc.perform(get("/releases").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("<span>Six-month analysis</span>"),
                        containsString(">OVERDUE<"),
                        not(containsString("Reminder sent")))));
    }

    @Test
    void theGrantsTableShowsTheExpiryNoticeAndTheRecordedExpiry() throws Exception {
        when(apis.get(Backend.GOVERNANCE, STAGE_API, "gpt-2", "117M")).thenReturn(STAGE_WITH_GRANT_MARKS);
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_WITH_MARKS);

        mvc.perform(get("/releases/gpt-2/stages/117M").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Expired\n"),
                        containsString("<time datetime=\"2019-09-01T00:00:06.000Z\">"),
                        not(containsString(">EXPIRED<")),
                        containsString("Expiry notice sent\n"),
                        containsString("<time datetime=\"2019-08-02T00:00:05.000Z\">"),
                        containsString("<time datetime=\"2998-12-02T00:00:07.000Z\">"),
                        containsString(">ACTIVE<"),
                        containsString("Overdue (recorded\n"))));
    }

    @Test
    void aGrantFromAServiceOlderThanTheMarksShowsTheComputedExpiry() throws Exception {
        when(apis.get(Backend.GOVERNANCE, STAGE_API, "gpt-2", "117M")).thenReturn(STAGE_BEFORE_MARKS);
        when(apis.get(Backend.GOVERNANCE, RELEASE_API, "gpt-2")).thenReturn(GPT2_BEFORE_MARKS);

        mvc.perform(get("/releases/gpt-2/stages/117M").with(authentication(MEMBER_1)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString(">EXPIRED<"),
                        not(containsString("Expiry notice sent")),
                        not(containsString("Expired\n")))));
    }

    private static Map<String, Object> json(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
