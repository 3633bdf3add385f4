package org.releasegovernance.local.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an auditor does at the console, through the browser only: reads a release's history, looks at its state on a
 * past date, checks an entry in the browser itself (and sees the check fail when the proof is altered), and uses the
 * overview (checkpoint, anomalies, replay, export). Signs in as {@code demo-auditor} where it starts.
 */
public class AuditorSteps {

    /**
     * The order in which a stage's events come: registration, proposal, expert inputs, votes, the approval the
     * second vote makes the aggregate emit, the release. GPT-2 117M with one expert input is all of them: 7 events.
     */
    static final List<String> STORY_ORDER = List.of("ReleaseRegistered", "StageProposed", "ExpertInputLogged",
            "VoteCast", "StageApproved", "StageReleased");
    private static final Duration AUDIT_FEED = Duration.ofSeconds(60);
    private static final Duration CHECK = Duration.ofSeconds(30);

    private final ConsoleBrowser browser;

    public AuditorSteps(ConsoleBrowser browser) {
        this.browser = browser;
    }

    /**
     * The timeline shows the release's {@code expectedEvents} events, in the story's order from registration to
     * release, once the audit log has them (it fills from Kafka, so the page is reloaded until they are there).
     */
    public void timelineShowsTheStory(String releaseId, int expectedEvents) {
        List<String> types = awaitTimeline(releaseId, expectedEvents);
        assertThat(types).as("the timeline's event types in log order").hasSize(expectedEvents)
                .startsWith("ReleaseRegistered").endsWith("StageReleased").contains("StageProposed", "VoteCast");
        assertThat(types.stream().map(STORY_ORDER::indexOf).toList())
                .as("%s in the order %s", types, STORY_ORDER).doesNotContain(-1).isSorted();
        checkTimelinePage();
    }

    /** The timeline shows exactly these event types, in this order. */
    public void timelineShowsTheStory(String releaseId, List<String> expectedTypes) {
        assertThat(awaitTimeline(releaseId, expectedTypes.size())).as("the timeline's event types in log order")
                .containsExactlyElementsOf(expectedTypes);
        checkTimelinePage();
    }

    /**
     * Picks the instant of the stage's proposal (UTC, to the millisecond), before the release, and sees the stage
     * proposed but not released; then a minute before the registration, and sees that it was not registered.
     */
    public void stateAsOf(String releaseId) {
        browser.go("/audit/releases/" + releaseId);
        String proposedAt = timeOf("StageProposed");
        showStateAsOf(proposedAt);
        WebElement state = browser.find(By.id("state"));
        assertThat(state.getText()).contains("PROPOSED").contains("not released").doesNotContain("RELEASED ");
        browser.checkAccessibility("audit-state-as-of");
        browser.screenshot("audit-state-as-of");

        showStateAsOf(Instant.parse(timeOf("ReleaseRegistered")).minusSeconds(60).toString());
        assertThat(browser.find(By.id("state-none")).getText()).contains("Not registered");
    }

    /**
     * "Verified" for the release's last entry; "not verified" for it once one byte of its proof is altered (the
     * page's developer hook); "verified" again for the release's first entry, unaltered, so the screenshot shows both
     * verdicts.
     */
    public void verifyInBrowser(String releaseId) {
        browser.go("/audit/releases/" + releaseId);
        List<String> indexes = browser.findAll(By.cssSelector("button[data-verify-index]")).stream()
                .map(button -> button.getAttribute("data-verify-index")).toList();
        assertThat(indexes).as("a Verify button on every entry").hasSizeGreaterThan(1);
        String last = indexes.get(indexes.size() - 1);

        assertThat(verdict(last)).startsWith("Verified: entry " + last + " is in the log");
        assertThat(browser.find(result(last)).getAttribute("class")).contains("verdict").contains("ok");

        // The developer hook: with data-tamper on the button, the page flips one bit of the proof's first hash.
        browser.script("arguments[0].dataset.tamper = 'proof';", browser.find(button(last)));
        assertThat(verdict(last)).startsWith("Not verified: calculated root");
        assertThat(browser.find(result(last)).getAttribute("class")).contains("verdict").contains("bad");

        String first = indexes.get(0);
        assertThat(verdict(first)).startsWith("Verified: entry " + first + " is in the log");
        browser.screenshot("audit-verify");
    }

    /**
     * The overview: the signed checkpoint, no anomaly, the service's own check, a replay run to its result, and the
     * export link answering with a file.
     */
    public void overview() {
        browser.go("/audit");
        assertThat(browser.find(By.id("checkpoint-note")).getText()).startsWith("releasegovernance.org/audit-log")
                .contains("\u2014 releasegovernance.org/audit-log ");
        assertThat(browser.find(By.id("verifier-key")).getText()).startsWith("releasegovernance.org/audit-log+");
        assertThat(browser.find(By.id("anomalies-none")).getText()).contains("None");
        browser.checkAccessibility("audit");
        browser.screenshot("audit");

        Object download = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById('export-link').href)
                  .then(async r => done(r.status + ' ' + r.headers.get('Content-Disposition') + ' '
                        + (await r.text()).split('\\n')[0]))
                  .catch(e => done(String(e)));""");
        assertThat(String.valueOf(download)).startsWith("200 attachment; filename=\"audit-log-")
                .contains("\"index\":0");

        browser.click(By.xpath("//button[normalize-space(.)=\"Run the service's full check\"]"));
        assertThat(browser.find(By.cssSelector("#verification .verdict")).getText()).startsWith("Intact");

        browser.click(By.xpath("//button[normalize-space(.)='Start a replay']"));
        assertThat(browser.path()).matches("/audit/replays/\\d+");
        browser.wait(AUDIT_FEED).until(d -> !browser.findAll(By.id("replay-result")).isEmpty());
        assertThat(browser.find(By.id("replay-status")).getText()).contains("COMPLETED");
        assertThat(browser.find(By.id("replay-result")).getText())
                .isEqualTo("The rebuilt root matches the live signed checkpoint.");
        browser.checkAccessibility("audit-replay");
        browser.screenshot("audit-replay");
    }

    private List<String> awaitTimeline(String releaseId, int expectedEvents) {
        browser.signIn("demo-auditor");
        browser.wait(AUDIT_FEED).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            browser.go("/audit/releases/" + releaseId);
            return eventTypes().size() >= expectedEvents;
        });
        return eventTypes();
    }

    /** Who, what, when and why are on the page, and the page passes axe-core. */
    private void checkTimelinePage() {
        WebElement release = browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='StageReleased']]"));
        assertThat(release.getText()).as("the release's row: who and when").contains("chair").contains("UTC");
        assertThat(browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='StageProposed']]")).getText())
                .as("the proposal's row names the proposer").contains("member-1");
        assertThat(browser.findAll(By.xpath("//table[@id='timeline']//tr[td/span[.='VoteCast']]/td[5]")))
                .as("each vote's why: its rationale").allSatisfy(why -> assertThat(why.getText()).isNotBlank()
                        .isNotEqualTo("\u2014"));
        browser.checkAccessibility("audit-timeline");
        browser.screenshot("audit-timeline");
    }

    private List<String> eventTypes() {
        return browser.findAll(By.cssSelector("#timeline .event-type")).stream().map(WebElement::getText).toList();
    }

    /** The instant of the timeline's first event of a type, as its {@code <time datetime>} says. */
    private String timeOf(String eventType) {
        return browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='" + eventType + "']]//time"))
                .getAttribute("datetime");
    }

    private void showStateAsOf(String instant) {
        WebElement form = browser.find(By.id("as-of-form"));
        WebElement field = browser.field(form, "Date and time (UTC)");
        // a datetime-local input takes its value in ISO form whatever the browser's locale shows; UTC, no zone
        browser.script("arguments[0].value = arguments[1];", field, instant.replaceFirst("Z$", ""));
        browser.submit(form);
    }

    private String verdict(String index) {
        browser.find(button(index)).click();
        return browser.wait(CHECK).until(d -> {
            String text = d.findElement(result(index)).getText();
            return text.startsWith("Verified") || text.startsWith("Not verified") ? text : null;
        });
    }

    private static By button(String index) {
        return By.cssSelector("button[data-verify-index='" + index + "']");
    }

    private static By result(String index) {
        return By.id("verify-result-" + index);
    }
}
