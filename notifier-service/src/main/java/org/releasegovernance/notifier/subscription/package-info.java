/**
 * Subscriptions: who hears of which events through which channel (webhook or Mastodon), their encrypted secrets and
 * tokens, and their lifecycle (active, paused, disabled by the notifier).
 */
package org.releasegovernance.notifier.subscription;
