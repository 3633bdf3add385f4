package org.releasegovernance.notifier.email;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;

/**
 * E-mail notifications ({@code notifier.email.*}); the SMTP server itself is {@code spring.mail.*}, and without
 * {@code spring.mail.host} no EMAIL subscription can be created.
 *
 * @param from           the sender of every notification
 * @param allowedDomains the only recipient domains a subscription may name (a subdomain is not included); empty for
 *                       any
 */
@ConfigurationProperties("notifier.email")
public record EmailProperties(String from, List<String> allowedDomains) {

    public EmailProperties {
        from = from == null || from.isBlank() ? "release-governance@localhost" : from.strip();
        allowedDomains = allowedDomains == null ? List.of()
                : allowedDomains.stream().filter(domain -> !domain.isBlank())
                .map(domain -> domain.strip().toLowerCase(Locale.ROOT)).toList();
    }
}
