package org.releasegovernance.audit.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegovernance.tlog.NoteSigner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Instances started at once on one fresh key file all sign with one key: a second key would be a second signer. */
class SigningKeyFileTest {

    @Test
    void instancesGeneratingTheKeyAtOnceAllSignWithOneKey(@TempDir Path directory) throws Exception {
        SigningProperties properties = new SigningProperties(null, directory.resolve("keys/audit-signing.key"),
                "releasegovernance.org/audit-log");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<NoteSigner>> instances = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            instances.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new SigningKeyConfiguration().checkpointSigner(properties);
            }));
        }
        start.countDown();

        List<String> keys = new ArrayList<>();
        for (CompletableFuture<NoteSigner> instance : instances) {
            keys.add(instance.get().verifierKey());
        }
        assertThat(keys).containsOnly(NoteSigner.parse(Files.readString(properties.keyFile())).verifierKey());
        try (var files = Files.list(properties.keyFile().getParent())) {
            assertThat(files).as("no draft left behind").containsExactly(properties.keyFile());
        }
    }
}
