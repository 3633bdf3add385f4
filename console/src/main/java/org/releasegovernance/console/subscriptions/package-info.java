/**
 * The subscriber admin's pages: subscriptions (webhooks and Mastodon accounts) and their delivery log, over
 * notifier-service's {@code /api/subscriptions} and {@code /api/deliveries}. A signing secret passes through the
 * console once, as a flash attribute for the page that follows its creation or rotation, and is never kept.
 */
package org.releasegovernance.console.subscriptions;
