package org.releasegovernance.notifier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** One application context for all notifier tests, with a subscriber's endpoint (WireMock) beside it. */
@SpringBootTest(properties = {
        "notifier.secrets.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "notifier.delivery.poll-interval=100ms",
        "notifier.delivery.backoff=200ms,400ms",
        "notifier.delivery.max-attempts=4",
        // set before logging starts, so they also quieten the broker that TestInfrastructure starts in this JVM
        "logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN"})
@AutoConfigureMockMvc
@AutoConfigureObservability
@ContextConfiguration(initializers = TestInfrastructure.class)
public abstract class NotifierServiceTest {

    /** Lives as long as the JVM: the cached context may still deliver to it after a test class ends. */
    protected static final WireMockServer RECEIVER = startReceiver();

    private static WireMockServer startReceiver() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
