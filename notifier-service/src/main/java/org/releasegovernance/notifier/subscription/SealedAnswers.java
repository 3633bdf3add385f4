package org.releasegovernance.notifier.subscription;

import org.releasegovernance.idempotency.AnswerSealing;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * The stored answer to a keyed subscription or rotation holds the webhook's signing secret, which this service keeps
 * only encrypted; the stored answer is encrypted with the same key, so a database dump shows neither.
 */
@Component
class SealedAnswers implements AnswerSealing {

    private final SecretCipher cipher;

    SealedAnswers(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public byte[] seal(byte[] body) {
        return cipher.encrypt(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public byte[] open(byte[] stored) {
        return cipher.decrypt(stored).getBytes(StandardCharsets.UTF_8);
    }
}
