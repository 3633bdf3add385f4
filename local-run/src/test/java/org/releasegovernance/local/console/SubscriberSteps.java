package org.releasegovernance.local.console;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the subscriber admin does at the console, through the browser only, asserting what the page shows: subscribe
 * a webhook and see its signing secret once, watch the release's delivery arrive, pause and resume. Each step signs
 * in as {@code demo-subscriber-admin} unless the page already shows that person.
 */
public class SubscriberSteps {

    private static final String TOKEN = "demo-subscriber-admin";
    private static final String PRINCIPAL = "subscriber-admin";
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private final ConsoleBrowser browser;

    public SubscriberSteps(ConsoleBrowser browser) {
        this.browser = browser;
    }

    /**
     * Subscribes a webhook at {@code inboxUrl} to releases ({@code StageReleased} of every release), sees the signing
     * secret once with a copy button, and sees it gone on reload and on a later visit. Returns the subscription id.
     */
    public String createWebhook(String inboxUrl) {
        signedIn();
        browser.go("/subscriptions");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Subscriptions");
        browser.checkAccessibility("subscriptions");
        browser.screenshot("subscriptions");

        WebElement form = browser.find(By.cssSelector("#new-webhook form"));
        browser.fill(browser.field(form, "Receiver URL"), inboxUrl);
        browser.fill(browser.field(form, "Event types"), "StageReleased");
        browser.fill(browser.field(form, "Releases"), "");
        browser.submit(form);

        assertThat(browser.path()).startsWith("/subscriptions/");
        assertThat(text(By.cssSelector("p.notice"))).startsWith("Webhook subscribed");
        String id = text(By.id("subscription-id"));
        assertThat(browser.path()).isEqualTo("/subscriptions/" + id);
        String secret = text(By.id("secret"));
        assertThat(secret).startsWith("whsec_");
        assertThat(text(By.id("secret-warning"))).contains("will not be shown again");
        assertThat(text(By.id("subscription-url"))).isEqualTo(inboxUrl);
        assertThat(text(By.id("subscription-status"))).contains("ACTIVE");
        WebElement copy = browser.find(By.cssSelector("button[data-copy='#secret']"));
        assertThat(copy.getText()).isEqualTo("Copy");
        browser.checkAccessibility("subscription-created");
        browser.screenshot("subscription-created");
        copy.click();
        browser.wait(Duration.ofSeconds(5)).until(d -> !copy.getText().equals("Copy"));

        browser.driver().navigate().refresh();
        browser.awaitReady();
        assertSecretNotShown(secret);
        browser.go("/subscriptions");
        WebElement row = browser.find(By.cssSelector("tr[data-subscription='" + id + "']"));
        assertThat(row.getText()).contains("Webhook", inboxUrl, "StageReleased", "all", "ACTIVE");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        row.findElement(By.linkText(inboxUrl)).click();
        browser.awaitReady();
        assertSecretNotShown(secret);
        browser.checkAccessibility("subscription");
        browser.screenshot("subscription");
        return id;
    }

    /**
     * After the release: the delivery log, filtered to this subscription, shows the {@code StageReleased} delivery as
     * {@code DELIVERED} (reloading while it is on its way), and its page shows the receiver's 2xx answer.
     */
    public void releaseWebhookDelivered(String subscriptionId) {
        signedIn();
        browser.go("/deliveries");
        WebElement filter = browser.find(By.id("delivery-filter"));
        new Select(browser.field(filter, "Subscription")).selectByValue(subscriptionId);
        browser.submit(filter);
        assertThat(browser.path()).contains("subscriptionId=" + subscriptionId);

        browser.wait(DELIVERY_TIMEOUT).pollingEvery(Duration.ofSeconds(2))
                .ignoring(StaleElementReferenceException.class).until(driver -> {
            if (releaseDelivery(driver) != null) {
                return true;
            }
            driver.navigate().refresh();
            return false;
        });
        WebElement delivered = releaseDelivery(browser.driver());
        assertThat(delivered.getText()).contains("DELIVERED", "HTTP 2");
        browser.checkAccessibility("deliveries");
        browser.screenshot("deliveries");

        delivered.findElement(By.partialLinkText("StageReleased")).click();
        browser.awaitReady();
        assertThat(text(By.tagName("h1"))).startsWith("Delivery of StageReleased");
        assertThat(text(By.id("delivery-status"))).isEqualTo("DELIVERED");
        assertThat(text(By.cssSelector("#attempts tbody"))).contains("HTTP 2");
        browser.checkAccessibility("delivery");
        browser.screenshot("delivery");
    }

    /** Pauses the subscription, then resumes it; the status in words changes each time. */
    public void pauseAndResume(String subscriptionId) {
        signedIn();
        browser.go("/subscriptions/" + subscriptionId);
        assertThat(text(By.id("subscription-status"))).isEqualTo("ACTIVE");

        browser.click(By.xpath("//button[normalize-space(.)='Pause subscription']"));
        assertThat(browser.path()).isEqualTo("/subscriptions/" + subscriptionId);
        assertThat(text(By.cssSelector("p.notice"))).startsWith("Subscription paused");
        assertThat(text(By.id("subscription-status"))).isEqualTo("PAUSED");
        browser.checkAccessibility("subscription-paused");
        browser.screenshot("subscription-paused");

        browser.click(By.xpath("//button[normalize-space(.)='Resume subscription']"));
        assertThat(text(By.cssSelector("p.notice"))).startsWith("Subscription resumed");
        assertThat(text(By.id("subscription-status"))).isEqualTo("ACTIVE");
    }

    /** The row of this subscription's delivered {@code StageReleased}, or {@code null} while there is none. */
    private static WebElement releaseDelivery(WebDriver driver) {
        List<WebElement> rows = driver.findElements(By.cssSelector("#delivery-log tbody tr"));
        return rows.stream()
                .filter(row -> row.getText().contains("StageReleased") && row.getText().contains("DELIVERED"))
                .findFirst().orElse(null);
    }

    private void assertSecretNotShown(String secret) {
        assertThat(browser.findAll(By.id("secret"))).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
    }

    private void signedIn() {
        List<WebElement> who = browser.findAll(By.id("signed-in-as"));
        if (who.isEmpty() || !who.get(0).getText().equals(PRINCIPAL)) {
            browser.signIn(TOKEN);
        }
        assertThat(text(By.id("signed-in-as"))).isEqualTo(PRINCIPAL);
    }

    private String text(By by) {
        return browser.find(by).getText().strip();
    }
}
