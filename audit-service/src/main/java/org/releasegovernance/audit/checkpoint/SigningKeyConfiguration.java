package org.releasegovernance.audit.checkpoint;

import org.releasegovernance.tlog.NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The checkpoint signing key: from configuration, else from the key file, else generated into the key file. */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyConfiguration.class);

    @Bean
    NoteSigner checkpointSigner(SigningProperties properties) {
        if (properties.privateKey() != null && !properties.privateKey().isBlank()) {
            NoteSigner signer = NoteSigner.parse(properties.privateKey());
            log.info("checkpoints are signed with the configured key {}", signer.verifierKey());
            return signer;
        }
        Path file = properties.keyFile();
        try {
            if (Files.exists(file)) {
                NoteSigner signer = NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8));
                log.info("checkpoints are signed with the key in {}: {}", file, signer.verifierKey());
                return signer;
            }
            NoteSigner signer = NoteSigner.generate(properties.keyName());
            write(file, signer.signerKey());
            log.info("generated a checkpoint signing key in {}: {}", file, signer.verifierKey());
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint signing key file " + file + " cannot be used", e);
        }
    }

    /** Creates the file readable by its owner only before the secret is written into it. */
    private static void write(Path file, String signerKey) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(absolute, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(absolute);
        }
        Files.writeString(absolute, signerKey + "\n", StandardCharsets.UTF_8);
    }
}
