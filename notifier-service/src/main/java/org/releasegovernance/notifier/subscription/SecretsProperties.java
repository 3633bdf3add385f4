package org.releasegovernance.notifier.subscription;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The key that encrypts subscription secrets at rest ({@code notifier.secrets.*}).
 *
 * @param key     base64 of a 32-byte AES key; when blank, the key in {@code keyFile} is used (generated if missing)
 * @param keyFile where a generated key is kept, readable by the owner only
 */
@ConfigurationProperties("notifier.secrets")
public record SecretsProperties(String key, Path keyFile) {
}
