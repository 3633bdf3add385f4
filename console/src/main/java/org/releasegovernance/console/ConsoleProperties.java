package org.releasegovernance.console;

import org.releasegovernance.console.api.Backend;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where the console finds the three services. The defaults are the local run's ports. Each may list several
 * instances, comma-separated: the console stays with the one that answered last and moves to the next when it does
 * not answer.
 *
 * @param governanceUrl base URLs of governance-service's instances
 * @param auditUrl      base URLs of audit-service's instances
 * @param notifierUrl   base URLs of notifier-service's instances
 * @param timeout       how long one API call may take before the page says the service did not answer
 */
@ConfigurationProperties("console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8081") List<URI> governanceUrl,
                                @DefaultValue("http://127.0.0.1:8082") List<URI> auditUrl,
                                @DefaultValue("http://127.0.0.1:8083") List<URI> notifierUrl,
                                @DefaultValue("10s") Duration timeout) {

    public ConsoleProperties {
        governanceUrl = List.copyOf(governanceUrl);
        auditUrl = List.copyOf(auditUrl);
        notifierUrl = List.copyOf(notifierUrl);
        if (governanceUrl.isEmpty() || auditUrl.isEmpty() || notifierUrl.isEmpty()) {
            throw new IllegalArgumentException("console.governance-url, audit-url and notifier-url each need a URL");
        }
    }

    public List<URI> urls(Backend backend) {
        return switch (backend) {
            case GOVERNANCE -> governanceUrl;
            case AUDIT -> auditUrl;
            case NOTIFIER -> notifierUrl;
        };
    }
}
