/**
 * The delivery outbox: one delivery per (event, subscription), sent by claiming batches, retried with back-off or
 * the receiver's Retry-After, dead-lettered after the last attempt; the delivery log and manual retry.
 */
package org.releasegovernance.notifier.delivery;
