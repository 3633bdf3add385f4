package org.releasegovernance.local.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an auditor does at the console, through the browser only: reads a release's history, looks at its state on a
 * past date, checks an entry in the browser itself (and sees the check fail when the proof is altered), and uses the
 * overview (checkpoint, anomalies, replay, export). Signs in as {@code demo-auditor} where it starts.
 */
public class AuditorSteps {

    /** The GPT-2 117M story as the audit log records it: the second approval makes the aggregate emit StageApproved. */
    static final List<String> STORY = List.of("ReleaseRegistered", "StageProposed", "ExpertInputLogged", "VoteCast",
            "VoteCast", "StageApproved", "StageReleased");
    private static final Duration AUDIT_FEED = Duration.ofSeconds(60);
    private static final Duration CHECK = Duration.ofSeconds(30);

    private final ConsoleBrowser browser;

    public AuditorSteps(ConsoleBrowser browser) {
        this.browser = browser;
    }

    /**
     * The timeline shows the release's events in order once the audit log has them (it fills from Kafka, so the
     * page is reloaded until they are there). The story's events are {@link #STORY}: pass 7 for it.
     */
    public void timelineShowsTheStory(String releaseId, int expectedEvents) {
        browser.signIn("demo-auditor");
        browser.wait(AUDIT_FEED).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            browser.go("/audit/releases/" + releaseId);
            return eventTypes().size() >= expectedEvents;
        });
        assertThat(eventTypes()).as("the timeline's event types in log order")
                .hasSize(expectedEvents)
                .containsExactlyElementsOf(STORY.subList(0, Math.min(expectedEvents, STORY.size())));
        WebElement release = browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='StageReleased']]"));
        assertThat(release.getText()).contains("chair").contains("UTC");
        assertThat(browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='StageProposed']]")).getText())
                .as("why: the proposer's rationale").contains("member-1");
        browser.checkAccessibility("audit-timeline");
        browser.screenshot("audit-timeline");
    }

    /**
     * Picks the instant of the expert's input (UTC, to the millisecond), before the release, and sees the stage
     * proposed but not released; then an instant before the registration, and sees that it was not registered.
     */
    public void stateAsOf(String releaseId) {
        browser.go("/audit/releases/" + releaseId);
        String expertInputAt = browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='ExpertInputLogged']]//time"))
                .getAttribute("datetime");
        showStateAsOf(expertInputAt);
        WebElement state = browser.find(By.id("state"));
        assertThat(state.getText()).contains("PROPOSED").contains("not released").doesNotContain("RELEASED ");
        browser.checkAccessibility("audit-state-as-of");
        browser.screenshot("audit-state-as-of");

        String registeredAt = browser.find(By.xpath("//table[@id='timeline']//tr[td/span[.='ReleaseRegistered']]//time"))
                .getAttribute("datetime");
        showStateAsOf(java.time.Instant.parse(registeredAt).minusSeconds(60).toString());
        assertThat(browser.find(By.id("state-none")).getText()).contains("Not registered");
    }

    /** "Verified" for the release's last entry, then "not verified" once one byte of the proof is altered. */
    public void verifyInBrowser(String releaseId) {
        browser.go("/audit/releases/" + releaseId);
        List<WebElement> buttons = browser.findAll(By.cssSelector("button[data-verify-index]"));
        assertThat(buttons).isNotEmpty();
        String index = buttons.get(buttons.size() - 1).getAttribute("data-verify-index");
        By button = By.cssSelector("button[data-verify-index='" + index + "']");
        By result = By.id("verify-result-" + index);

        assertThat(verdict(button, result)).startsWith("Verified: entry " + index + " is in the log");
        assertThat(browser.find(result).getAttribute("class")).contains("verdict").contains("ok");

        // The developer hook: with data-tamper on the button, the page flips one bit of the proof's first hash.
        browser.script("arguments[0].dataset.tamper = 'proof';", browser.find(button));
        assertThat(verdict(button, result)).startsWith("Not verified: calculated root");
        assertThat(browser.find(result).getAttribute("class")).contains("verdict").contains("bad");
        browser.screenshot("audit-verify");
        browser.script("delete arguments[0].dataset.tamper;", browser.find(button));
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

    private List<String> eventTypes() {
        return browser.findAll(By.cssSelector("#timeline .event-type")).stream().map(WebElement::getText).toList();
    }

    private void showStateAsOf(String instant) {
        WebElement form = browser.find(By.id("as-of-form"));
        WebElement field = browser.field(form, "Date and time (UTC)");
        // a datetime-local input takes its value in ISO form whatever the browser's locale shows; UTC, no zone
        browser.script("arguments[0].value = arguments[1];", field, instant.replaceFirst("Z$", ""));
        browser.submit(form);
    }

    private String verdict(By button, By result) {
        browser.find(button).click();
        return browser.wait(CHECK).until(d -> {
            String text = d.findElement(result).getText();
            return text.startsWith("Verified") || text.startsWith("Not verified") ? text : null;
        });
    }
}
