package org.releasegovernance.notifier.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known answers from the Standard Webhooks specification's own test vector (the reference libraries'
 * {@code verifyWebhookSignWorks}), so a subscriber using any of those libraries accepts our signatures.
 */
class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheSpecificationsVectorToItsPublishedSignature() {
        assertThat(WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theSignatureCoversIdTimestampAndEveryByteOfTheBody() {
        String signature = WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY);
        assertThat(WebhookSigner.sign(SECRET, ID + "x", TIMESTAMP, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign(SECRET, ID, TIMESTAMP + 1, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY + " ")).isNotEqualTo(signature);
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsRefused() {
        assertThatThrownBy(() -> WebhookSigner.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ID, TIMESTAMP, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
