package org.releasegovernance.notifier.subscription;

import java.util.List;

/**
 * What the sender needs to authenticate a delivery, decrypted. Never logged, never returned by the API.
 *
 * @param signingSecrets the webhook secrets to sign with: the current one, then the previous one during the grace
 *                       period of a rotation
 * @param accessToken    the Mastodon access token
 */
public record Credentials(List<String> signingSecrets, String accessToken) {

    @Override
    public String toString() {
        return "Credentials[redacted]";
    }
}
