/**
 * Subscriptions: who hears of which events through which channel (webhook, Mastodon or e-mail), their encrypted
 * secrets and tokens, and their lifecycle (active, paused, disabled by the notifier).
 */
package org.releasegovernance.notifier.subscription;
