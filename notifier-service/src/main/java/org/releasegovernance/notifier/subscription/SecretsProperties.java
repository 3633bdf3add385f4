package org.releasegovernance.notifier.subscription;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The key that encrypts subscription secrets at rest, and secret rotation ({@code notifier.secrets.*}).
 *
 * @param key           base64 of a 32-byte AES key; when blank, the key in {@code keyFile} is used (generated if
 *                      missing)
 * @param keyFile       where a generated key is kept, readable by the owner only
 * @param rotationGrace how long after a rotation webhooks are signed with the old secret too
 */
@ConfigurationProperties("notifier.secrets")
public record SecretsProperties(String key, Path keyFile, Duration rotationGrace) {

    public SecretsProperties {
        rotationGrace = rotationGrace == null ? Duration.ofHours(24) : rotationGrace;
    }
}
