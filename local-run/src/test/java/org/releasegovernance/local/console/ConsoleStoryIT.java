package org.releasegovernance.local.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasegovernance.local.LocalSettings;
import org.releasegovernance.local.LocalSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The GPT-2 story played through the console only, in a real browser: a subscriber admin subscribes a webhook, the
 * committee registers GPT-2 and releases 117M (a refused decision shows its rule), the auditor sees the seven events
 * and checks an entry's proof and the checkpoint's signature in the browser, and the webhook receives the release.
 * axe-core checks every page; each page's screenshot is kept ({@code -Dconsole.screenshots=docs} refreshes
 * docs/console).
 */
class ConsoleStoryIT {

    private static LocalSystem system;
    private static WireMockServer receiver;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void start() throws IOException {
        Path dataDir = Files.createTempDirectory("release-governance-console-it-");
        system = LocalSystem.start(LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()).withConsole());
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        browser = ConsoleBrowser.open(system.consoleUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (receiver != null) {
            receiver.stop();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theGpt2StoryThroughTheConsole() {
        Instant started = Instant.now();
        SubscriberSteps subscriber = new SubscriberSteps(browser);
        CommitteeSteps committee = new CommitteeSteps(browser);
        AuditorSteps auditor = new AuditorSteps(browser);

        browser.go("/sign-in");
        browser.checkAccessibility("sign in");
        browser.screenshot("sign-in");

        String subscription = subscriber.createWebhook("http://127.0.0.1:" + receiver.port() + "/hooks");

        String releaseId = committee.registerGpt2();
        String stageId = committee.propose117M(releaseId);
        committee.logExpertInput(releaseId, stageId);
        committee.approve(releaseId, stageId);
        committee.refusedDecisionShowsRule(releaseId, stageId);
        committee.release(releaseId, stageId);

        auditor.timelineShowsTheStory(releaseId, CommitteeSteps.EVENT_TYPES);
        auditor.stateAsOf(releaseId);
        auditor.verifyInBrowser(releaseId);
        auditor.overview();

        subscriber.releaseWebhookDelivered(subscription);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> receiver.verify(
                postRequestedFor(urlEqualTo("/hooks")).withRequestBody(containing(releaseId))));
        subscriber.pauseAndResume(subscription);

        assertThat(browser.accessibilityResults()).isNotEmpty();
        System.out.printf("console story took %d s; axe-core results per page in %s%n",
                Duration.between(started, Instant.now()).toSeconds(),
                ConsoleBrowser.OUTPUT.resolve("axe-report.md"));
    }
}
