package org.releasegovernance.audit.checkpoint;

import org.releasegovernance.tlog.NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

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
            if (!write(file, signer.signerKey())) {
                // another instance started at the same time on the same key file and won: sign with its key
                NoteSigner theirs = NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8));
                log.info("checkpoints are signed with the key another instance generated in {}: {}", file,
                        theirs.verifierKey());
                return theirs;
            }
            log.info("generated a checkpoint signing key in {}: {}", file, signer.verifierKey());
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint signing key file " + file + " cannot be used", e);
        }
    }

    /**
     * Writes the key into a file readable by its owner only (created so before the secret is written), then links it
     * under its name, which fails if the name exists: of several instances generating a key at once, one wins and the
     * others read its complete file, so they all sign with one key.
     *
     * @return false if another key was there first
     */
    private static boolean write(Path file, String signerKey) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path draft = absolute.resolveSibling(absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(draft);
        }
        try {
            Files.writeString(draft, signerKey + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(absolute, draft);
            } catch (UnsupportedOperationException e) {
                Files.move(draft, absolute);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(draft);
        }
    }
}
