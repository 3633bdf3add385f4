/**
 * E-mail notifications: which recipient addresses a subscription may name, and the message the notifier writes for
 * an event (its own template, never content from a request). Sending goes through the delivery outbox like webhooks.
 */
package org.releasegovernance.notifier.email;
