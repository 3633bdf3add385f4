package org.releasegovernance.notifier.subscription;

/**
 * Whether deliveries are sent. Events keep being queued in every status, so resuming loses nothing.
 */
public enum SubscriptionStatus {
    /** Deliveries are sent. */
    ACTIVE,
    /** Paused by its owner. */
    PAUSED,
    /** Disabled by the notifier because the endpoint failed for too long; the reason says why. */
    DISABLED
}
