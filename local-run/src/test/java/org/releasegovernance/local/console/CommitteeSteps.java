package org.releasegovernance.local.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committee's part of the GPT-2 story, played in the console only: the chair registers GPT-2, a member proposes
 * 117M, the expert logs input on misuse risk, two members approve, a refused decision shows its rule, the chair
 * releases. Each step signs in as the person who acts, asserts what that person sees, and signs out.
 */
public class CommitteeSteps {

    /**
     * The events the story leaves in the release's log: registered, proposed, expert input, two votes, released, and
     * the approval the service records by itself when the second vote reaches the quorum (the API forces this one).
     * The refused decision leaves none.
     */
    public static final List<String> EVENT_TYPES = List.of("ReleaseRegistered", "StageProposed",
            "ExpertInputLogged", "VoteCast", "VoteCast", "StageApproved", "StageReleased");
    public static final String MODEL = "GPT-2";
    public static final String STAGE = "117M";
    /** GPT-2's announcement; a release asked for then has passed, so the service refuses it. */
    static final String PAST_RELEASE_AT = "2019-02-14T17:00";

    private final ConsoleBrowser browser;

    public CommitteeSteps(ConsoleBrowser browser) {
        this.browser = browser;
    }

    /** The chair registers GPT-2 (quorum 2, MISUSE_RISK required) and finds it on the board; returns its id. */
    public String registerGpt2() {
        browser.signIn("demo-chair");
        browser.go("/releases");
        String releaseId = "gpt-2-" + Long.toString(System.currentTimeMillis(), 36);
        WebElement form = browser.find(By.id("register-form"));
        browser.fill(browser.field(form, "Release id"), releaseId);
        browser.fill(browser.field(form, "Model name"), MODEL);
        browser.fill(browser.field(form, "Quorum"), "2");
        browser.fill(browser.field(form, "Required factors"), "MISUSE_RISK");
        browser.submit(form);

        assertThat(browser.path()).isEqualTo("/releases/" + releaseId);
        assertThat(notice()).isEqualTo("Release " + releaseId + " registered.");

        WebElement entry = boardEntry(releaseId);
        assertThat(entry.getText()).contains(MODEL, "Quorum 2", "MISUSE_RISK", "No stage proposed yet.");
        browser.checkAccessibility("release board");
        browser.screenshot("release-board");
        browser.signOut();
        return releaseId;
    }

    /** A member proposes 117M for public release; the release page shows it waiting on input and approvals. */
    public String propose117M(String releaseId) {
        browser.signIn("demo-member-1");
        browser.go("/releases/" + releaseId);
        WebElement form = browser.find(By.xpath("//section[@aria-labelledby='propose-heading']//form"));
        browser.fill(browser.field(form, "Stage id"), STAGE);
        browser.fill(browser.field(form, "Parameters"), "117000000");
        browser.fill(browser.field(form, "Access"), "PUBLIC");
        browser.fill(browser.field(form, "Rationale"), "The smallest model first, to watch for misuse before "
                + "larger ones follow.");
        browser.submit(form);

        assertThat(notice()).isEqualTo("Stage " + STAGE + " proposed.");
        assertThat(pipelineStage(STAGE).getText())
                .contains(STAGE, "PROPOSED", "PUBLIC", "approvals 0 of 2", "needs input on MISUSE_RISK");
        browser.checkAccessibility("release");
        browser.screenshot("release");
        browser.signOut();
        return STAGE;
    }

    /** The expert logs input on MISUSE_RISK with a risk level, a rationale and a reference. */
    public void logExpertInput(String releaseId, String stageId) {
        browser.signIn("demo-expert");
        browser.go(stagePath(releaseId, stageId));
        WebElement form = browser.find(By.xpath("//form[@aria-labelledby='expert-heading']"));
        browser.fill(browser.field(form, "Factor"), "MISUSE_RISK");
        browser.fill(browser.field(form, "Risk level"), "MEDIUM");
        browser.fill(browser.field(form, "Summary"), "Synthetic text at this size is below what fake-news "
                + "generation needs; watch the larger stages.");
        browser.fill(browser.field(form, "References"), "https://openai.com/research/better-language-models");
        browser.submit(form);

        assertThat(notice()).isEqualTo("Expert input on MISUSE_RISK logged.");
        WebElement input = browser.find(By.xpath("//section[@aria-labelledby='inputs-heading']//tbody/tr"));
        assertThat(input.getText()).contains("MISUSE_RISK", "MEDIUM", "fake-news",
                "https://openai.com/research/better-language-models", "expert");
        browser.checkAccessibility("stage, as the expert");
        browser.signOut();
    }

    /**
     * Two members approve with a rationale; the second approval reaches the quorum and the stage is APPROVED. The
     * proposer (demo-member-1) may not vote on their own stage, so the voters are demo-member-2 and demo-member-3.
     */
    public void approve(String releaseId, String stageId) {
        for (String member : List.of("member-2", "member-3")) {
            browser.signIn("demo-" + member);
            browser.go(stagePath(releaseId, stageId));
            WebElement form = browser.find(By.xpath("//form[@aria-labelledby='vote-heading']"));
            browser.fill(browser.field(form, "Your vote"), "APPROVE");
            browser.fill(browser.field(form, "Rationale"), "Approved by " + member + ": input on misuse is in "
                    + "and a staged release lets us stop.");
            browser.submit(form);

            assertThat(notice()).isEqualTo("Your vote is recorded.");
            assertThat(browser.find(By.xpath("//section[@aria-labelledby='votes-heading']//tbody")).getText())
                    .contains(member + " APPROVE Approved by " + member);
            browser.checkAccessibility("stage, as " + member);
            browser.signOut();
        }
        browser.signIn("demo-chair");
        browser.go(stagePath(releaseId, stageId));
        assertThat(status()).isEqualTo("APPROVED");
        browser.signOut();
    }

    /**
     * The chair asks for a release at a time that has passed: the service refuses with schedule-in-past, and the
     * page shows the rule and its detail next to the release form, with the note and time still in their fields.
     */
    public void refusedDecisionShowsRule(String releaseId, String stageId) {
        browser.signIn("demo-chair");
        browser.go(stagePath(releaseId, stageId));
        WebElement form = releaseForm();
        String note = "GPT-2 117M, as announced";
        browser.fill(browser.field(form, "Release note"), note);
        // a datetime-local widget's typing order depends on the browser's locale; its value is the same everywhere
        browser.script("arguments[0].value = arguments[1];", browser.field(form, "Release at (UTC)"),
                PAST_RELEASE_AT);
        browser.submit(form);

        WebElement problem = browser.find(By.xpath(
                "//section[@aria-labelledby='release-heading']//div[contains(@class,'problem')]"));
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        assertThat(problem.findElement(By.cssSelector("code.rule")).getText()).isEqualTo("schedule-in-past");
        assertThat(problem.getText()).contains("HTTP 422", "2019-02-14T17:00:00Z", "which has passed");
        form = releaseForm();
        assertThat(browser.field(form, "Release note").getAttribute("value")).isEqualTo(note);
        assertThat(browser.field(form, "Release at (UTC)").getAttribute("value")).isEqualTo(PAST_RELEASE_AT);
        assertThat(status()).isEqualTo("APPROVED");
        browser.checkAccessibility("stage, with a refused decision");
        browser.screenshot("stage-refused");
        browser.signOut();
    }

    /** The chair releases the approved stage now; the stage page shows it RELEASED. */
    public void release(String releaseId, String stageId) {
        browser.signIn("demo-chair");
        browser.go(stagePath(releaseId, stageId));
        WebElement form = releaseForm();
        browser.fill(browser.field(form, "Release note"), "GPT-2 117M released to the public.");
        browser.submit(form);

        assertThat(notice()).isEqualTo("Stage " + stageId + " released.");
        assertThat(status()).isEqualTo("RELEASED");
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).contains("Released", "chair",
                "GPT-2 117M released to the public.");
        browser.checkAccessibility("stage");
        browser.screenshot("stage");
        browser.signOut();
    }

    private static String stagePath(String releaseId, String stageId) {
        return "/releases/" + releaseId + "/stages/" + stageId;
    }

    private WebElement releaseForm() {
        return browser.find(By.xpath("//form[@aria-labelledby='release-form-heading']"));
    }

    private String notice() {
        return browser.find(By.cssSelector("main .notice[role=status]")).getText();
    }

    private String status() {
        return browser.find(By.id("stage-status-text")).getText();
    }

    private WebElement pipelineStage(String stageId) {
        return browser.find(By.xpath("//ol[contains(@class,'pipeline')]/li[a[normalize-space(.)='" + stageId + "']]"));
    }

    /** The release's entry on the board, following the board's pages (oldest releases come first). */
    private WebElement boardEntry(String releaseId) {
        browser.go("/releases?model=" + MODEL);
        By entry = By.xpath("//article[contains(@class,'release')][.//a[@href='/releases/" + releaseId + "']]");
        while (browser.findAll(entry).isEmpty()) {
            List<WebElement> more = browser.findAll(By.linkText("More releases"));
            assertThat(more).as("release %s on the board", releaseId).isNotEmpty();
            more.get(0).click();
            browser.awaitReady();
        }
        return browser.find(entry);
    }
}
