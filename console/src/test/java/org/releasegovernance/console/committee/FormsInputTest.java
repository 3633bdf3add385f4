package org.releasegovernance.console.committee;

import org.junit.jupiter.api.Test;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How form input becomes a request body, and how a refused form keeps its input. */
class FormsInputTest {

    @Test
    void aDateTimeFromTheFormIsReadAsUtcAndSentWithMilliseconds() {
        assertThat(UtcTimes.instant("at", "2019-02-14T17:00")).isEqualTo("2019-02-14T17:00:00.000Z");
        assertThat(UtcTimes.instant("at", "2019-02-14T17:00:30")).isEqualTo("2019-02-14T17:00:30.000Z");
        assertThat(UtcTimes.instant("at", " ")).isNull();
    }

    @Test
    void aValueThatIsNoDateTimeIsRefusedNamingItsField() {
        assertThatThrownBy(() -> UtcTimes.instant("expiresAt", "next tuesday"))
                .isInstanceOfSatisfying(ApiRefusal.class, refusal -> {
                    assertThat(refusal.problem().status()).isEqualTo(400);
                    assertThat(refusal.problem().errors()).extracting(Problem.FieldError::field)
                            .containsExactly("expiresAt");
                });
    }

    @Test
    void aBodyLeavesOutEmptyFieldsSoTheApiDefaultsApply() {
        assertThat(Bodies.of("note", "", "at", null, "vote", "APPROVE")).containsExactly(Map.entry("vote", "APPROVE"));
    }

    @Test
    void aPolicyIsSentWithNumbersAndFactorsAsTheApiNamesThem() {
        Map<String, Object> policy = Bodies.policy(Map.of("quorum", "2", "publicQuorum", "",
                "requiredFactors", "MISUSE_RISK, EASE_OF_USE", "minDaysBetweenPublicStages", "0"));

        assertThat(policy).containsEntry("quorum", 2L)
                .containsEntry("requiredFactors", List.of("MISUSE_RISK", "EASE_OF_USE"))
                .containsEntry("minDaysBetweenPublicStages", 0L)
                .doesNotContainKey("publicQuorum");
    }

    @Test
    void aNumberThatIsNoNumberIsSentAsTypedForTheServiceToRefuse() {
        assertThat(Bodies.number("two")).isEqualTo("two");
    }

    @Test
    void referencesAreOnePerLine() {
        assertThat(Bodies.lines("https://example.org/a, b\r\n\r\n  Internal memo 7 ")).containsExactly(
                "https://example.org/a, b", "Internal memo 7");
    }

    @Test
    void onlyTheRefusedFormShowsItsProblemAndKeepsItsInput() {
        Problem problem = new Problem("https://releasegovernance.org/problems/one-vote-per-member", "one-vote-per-member",
                409, "member-1 already voted on stage 117M.", List.of(), List.of());
        FormInput forms = FormInput.refused("vote", Map.of("rationale", "again", "vote", "REJECT"), problem);

        assertThat(forms.problem("vote")).isSameAs(problem);
        assertThat(forms.problem("recuse")).isNull();
        assertThat(forms.value("vote", "rationale")).isEqualTo("again");
        assertThat(forms.value("recuse", "reason", "default")).isEqualTo("default");
        assertThat(forms.chose("vote", "vote", "REJECT", "APPROVE")).isTrue();
        assertThat(FormInput.none().chose("vote", "vote", "APPROVE", "APPROVE")).isTrue();
    }
}
