package org.releasegovernance.governance.config;

import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.axonframework.updates.UpdateChecker;
import org.axonframework.updates.configuration.UsagePropertyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's update checker sends usage data to AxonIQ once a minute unless it is switched off; the service's own
 * configuration (application.yml) switches it off.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpdateCheckTest {

    @Test
    void axonsUpdateCheckerDoesNotPhoneHome(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = startOutsideTheTestFrameworksSight()) {
            UpdateChecker checker = context.getBean(UpdateChecker.class);

            // the checker's view: system property, then Spring's axon.update-check.*, environment, ~/.axoniq file
            assertThat(context.getBean("usagePropertyProvider", UsagePropertyProvider.class).getDisabled()).isTrue();
            checker.start();
            assertThat(output).contains("You have opted out of the AxonIQ UpdateChecker")
                    .doesNotContain("will be checked for updates periodically");
            checker.stop();
        }
    }

    /**
     * Axon leaves the checker out when the stack trace of the thread that starts the context shows a test framework,
     * so a test context alone would prove nothing: start one from a thread of its own, with the service's
     * configuration files and only Axon's update checker configuration. Should the setting ever be lost, the check
     * goes to a local port where nothing listens, never to AxonIQ.
     */
    private static ConfigurableApplicationContext startOutsideTheTestFrameworksSight() throws Exception {
        SpringApplication application = new SpringApplication(UpdateCheckerAutoConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(application.run("--axon.update-check.url=http://127.0.0.1:9/updates"));
            } catch (RuntimeException | Error failure) {
                started.completeExceptionally(failure);
            }
        }, "update-check-context");
        starter.start();
        return started.get(5, TimeUnit.MINUTES);
    }
}
