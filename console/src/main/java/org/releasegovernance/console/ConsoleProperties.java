package org.releasegovernance.console;

import org.releasegovernance.console.api.Backend;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the console finds the three services. The defaults are the local run's ports.
 *
 * @param governanceUrl base URL of governance-service
 * @param auditUrl      base URL of audit-service
 * @param notifierUrl   base URL of notifier-service
 * @param timeout       how long one API call may take before the page says the service did not answer
 */
@ConfigurationProperties("console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8081") URI governanceUrl,
                                @DefaultValue("http://127.0.0.1:8082") URI auditUrl,
                                @DefaultValue("http://127.0.0.1:8083") URI notifierUrl,
                                @DefaultValue("10s") Duration timeout) {

    public URI url(Backend backend) {
        return switch (backend) {
            case GOVERNANCE -> governanceUrl;
            case AUDIT -> auditUrl;
            case NOTIFIER -> notifierUrl;
        };
    }
}
