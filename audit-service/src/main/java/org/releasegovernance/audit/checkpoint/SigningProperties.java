package org.releasegovernance.audit.checkpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The key that signs checkpoints ({@code audit.signing.*}).
 *
 * @param privateKey the key in note signer-key form ({@code PRIVATE+KEY+<name>+<hash>+<base64>}); wins over the file
 * @param keyFile    where the key is kept; generated there, readable by its owner only, on the first start
 * @param keyName    the name of a generated key, also the checkpoints' origin line
 */
@ConfigurationProperties("audit.signing")
public record SigningProperties(String privateKey,
                                @DefaultValue(".local/audit-signing.key") Path keyFile,
                                @DefaultValue("releasegovernance.org/audit-log") String keyName) {
}
