package org.releasegovernance.notifier.subscription;

/** How a subscriber is notified. */
public enum Channel {
    /** An HTTP POST signed per the Standard Webhooks specification. */
    WEBHOOK,
    /** A status posted on a Mastodon account, for public releases and published reviews only. */
    MASTODON,
    /**
     * An e-mail with the notifier's own text and HTML for each event, to the one address the subscription names,
     * through the configured SMTP server.
     */
    EMAIL
}
