package org.releasegovernance.console.committee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.releasegovernance.console.api.Problem;
import org.releasegovernance.console.signin.ConsoleUser;
import org.releasegovernance.console.web.FormKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
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
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(StageController.class)
@Import({Decisions.class, CommitteeView.class, FormKeys.class})
class StageControllerTest {

    private static final String STAGE_API = "/api/releases/{releaseId}/stages/{stageId}";
    private static final ConsoleUser MEMBER_1 = new ConsoleUser("member-1", Set.of("MEMBER"), "demo-member-1");
    private static final ConsoleUser EXPERT = new ConsoleUser("expert", Set.of("EXPERT"), "demo-expert");
    /** As governance-service answers: every field present, null when not set. */
    private static final Map<String, Object> STAGE = json("""
            {"stageId":"117M","parameters":117000000,"access":"PUBLIC","status":"PROPOSED",
             "rationale":"Smallest first","proposedBy":"member-2","proposedAt":"2019-02-14T17:00:00.000Z",
             "votes":[{"member":"member-1","vote":"APPROVE","rationale":"Fine","at":"2019-02-15T10:00:00.000Z"}],
             "approvedAt":null,"releasedAt":null,"releasedBy":null,"releaseNote":null,"earliestReleaseAt":null,
             "expertInputs":[],"recusals":[],"grants":[],"misuseReports":[],"halts":[],"resumeVotes":[],
             "scheduledReleaseAt":null,"rejectedAt":null,"withdrawnAt":null,"withdrawReason":null}""");
    private static final Map<String, Object> RELEASE = json("""
            {"releaseId":"gpt-2","model":"GPT-2","registeredBy":"chair","registeredAt":"2019-02-14T16:00:00.000Z",
             "version":3,"policy":{"quorum":2,"publicQuorum":2,"rejectionQuorum":2,
             "requiredFactors":["MISUSE_RISK"],"minDaysBetweenPublicStages":0},
             "stages":[],"reviews":[],"overdueReviews":[]}""");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private Apis apis;

    @Test
    void aDecidedVoteRedirectsToTheStageWithANoticeAndSendsTheFormsIdempotencyKey() throws Exception {
        mvc.perform(post("/releases/gpt-2/stages/117M/votes").with(csrf()).with(authentication(MEMBER_1))
                        .param("idempotencyKey", "key-1").param("vote", "APPROVE").param("rationale", "Fine"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/releases/gpt-2/stages/117M"))
                .andExpect(flash().attribute("notice", "Your vote is recorded."));

        verify(apis).write(eq(Backend.GOVERNANCE), eq(HttpMethod.POST),
                eq(Map.of("vote", "APPROVE", "rationale", "Fine")), eq(Map.of("Idempotency-Key", "key-1")),
                eq(STAGE_API + "/votes"), eq("gpt-2"), eq("117M"));
    }

    @Test
    void aRefusedVoteShowsTheRuleNextToTheVoteFormWithTheInputKeptAndTheProblemsStatus() throws Exception {
        givenTheStage();
        when(apis.write(any(), any(), any(), any(), any(), any(Object[].class))).thenThrow(new ApiRefusal(
                new Problem("https://releasegovernance.org/problems/one-vote-per-member", "one-vote-per-member",
                        409, "member-1 already voted on stage 117M.", List.of(), List.of())));

        mvc.perform(post("/releases/gpt-2/stages/117M/votes").with(csrf()).with(authentication(MEMBER_1))
                        .param("idempotencyKey", "key-1").param("vote", "REJECT").param("rationale", "Changed my mind"))
                .andExpect(status().isConflict())
                .andExpect(content().string(allOf(
                        containsString("<code class=\"rule\">one-vote-per-member</code>"),
                        containsString("member-1 already voted on stage 117M."),
                        containsString(">Changed my mind</textarea>"),
                        containsString("<option value=\"REJECT\" selected=\"selected\">"),
                        not(containsString("value=\"key-1\"")))));
    }

    @Test
    void aDateTimeThatIsNoDateTimeIsRefusedBeforeTheServiceIsAsked() throws Exception {
        givenTheStage();

        mvc.perform(post("/releases/gpt-2/stages/117M/release").with(csrf())
                        .with(authentication(new ConsoleUser("chair", Set.of("CHAIR"), "demo-chair")))
                        .param("idempotencyKey", "key-2").param("at", "tomorrow"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("is not a date and time"),
                        containsString("value=\"tomorrow\""))));
    }

    @Test
    void theExpertSeesTheExpertInputFormAndNoVoteOrChairForm() throws Exception {
        givenTheStage();

        mvc.perform(get("/releases/gpt-2/stages/117M").with(authentication(EXPERT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Log expert input"),
                        containsString("value=\"MISUSE_RISK\""),
                        containsString("Report misuse"),
                        not(containsString("Cast vote")),
                        not(containsString("Grant access")),
                        not(containsString("Withdraw stage")))));
    }

    private static Map<String, Object> json(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void givenTheStage() {
        when(apis.get(Backend.GOVERNANCE, STAGE_API, "gpt-2", "117M")).thenReturn(STAGE);
        when(apis.get(Backend.GOVERNANCE, "/api/releases/{releaseId}", "gpt-2")).thenReturn(RELEASE);
    }
}
