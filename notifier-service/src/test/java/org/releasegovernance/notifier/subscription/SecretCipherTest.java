package org.releasegovernance.notifier.subscription;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Subscription secrets at rest: without a configured key, one is generated once and kept for the owner only. */
class SecretCipherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aGeneratedKeyIsKeptOwnerOnlyAndStillDecryptsAfterARestart(@TempDir Path directory) throws Exception {
        Path keyFile = directory.resolve(".local/notifier-secret.key");

        byte[] sealed = new SecretCipher(new SecretsProperties(null, keyFile, null)).encrypt(SECRET);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(new SecretCipher(new SecretsProperties("", keyFile, null)).decrypt(sealed)).isEqualTo(SECRET);
    }

    @Test
    void aSecretSealedTwiceLooksDifferentAndAnotherKeyCannotOpenIt(@TempDir Path directory) {
        SecretCipher cipher = new SecretCipher(new SecretsProperties(
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", null, null));

        assertThat(cipher.encrypt(SECRET)).isNotEqualTo(cipher.encrypt(SECRET));
        SecretCipher other = new SecretCipher(new SecretsProperties(null, directory.resolve("other.key"), null));
        assertThatThrownBy(() -> other.decrypt(cipher.encrypt(SECRET))).isInstanceOf(IllegalStateException.class);
    }
}
