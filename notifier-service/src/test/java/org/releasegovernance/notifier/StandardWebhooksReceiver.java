package org.releasegovernance.notifier;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import java.util.List;
import java.util.Map;

/** A receiver's check of a webhook with the reference Standard Webhooks library, not with our signer. */
public final class StandardWebhooksReceiver {

    private StandardWebhooksReceiver() {
    }

    public static boolean verifies(LoggedRequest request, String secret) {
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(request.getHeader("webhook-id")),
                "webhook-timestamp", List.of(request.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(request.getHeader("webhook-signature")));
        try {
            new Webhook(secret).verify(request.getBodyAsString(), headers);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("the secret is not a Standard Webhooks secret", e);
        }
    }
}
