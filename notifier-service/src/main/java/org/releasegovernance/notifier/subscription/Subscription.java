package org.releasegovernance.notifier.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscriber's wish to hear of some events. Secrets and access tokens are never part of it: a webhook secret is
 * shown once, on creation or rotation; a Mastodon access token is never shown again.
 *
 * @param url                      the webhook URL, or the Mastodon instance's base URL; absent for EMAIL
 * @param address                  the recipient of an EMAIL subscription, as given; absent for the others
 * @param eventTypes               short event type names, e.g. {@code StageReleased}
 * @param releaseIds               releases of interest; empty for all
 * @param status                   whether deliveries are sent
 * @param statusReason             why the notifier disabled it, if it did
 * @param failingSince             since when every attempt to its endpoint failed, if they do
 * @param previousSecretValidUntil until when webhooks are also signed with the secret before the last rotation
 * @param version                  1 when created, one more with every change, whoever made it; the {@code ETag}
 */
public record Subscription(UUID id, Channel channel, String url, String address, List<String> eventTypes,
                           List<String> releaseIds, SubscriptionStatus status, String statusReason,
                           Instant failingSince, Instant previousSecretValidUntil, String createdBy, Instant createdAt,
                           long version) {

    /** The version of a subscription just created. */
    static final long FIRST_VERSION = 1;

    /** Whether an event of this type about this release concerns the subscriber. */
    public boolean matches(String eventType, String releaseId) {
        return eventTypes.contains(eventType) && (releaseIds.isEmpty() || releaseIds.contains(releaseId));
    }
}
