package org.releasegovernance.notifier.subscription;

/** How a subscriber is notified. */
public enum Channel {
    /** An HTTP POST signed per the Standard Webhooks specification. */
    WEBHOOK,
    /** A status posted on a Mastodon account, for public releases only. */
    MASTODON
}
