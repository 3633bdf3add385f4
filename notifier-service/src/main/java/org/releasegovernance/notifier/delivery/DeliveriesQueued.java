package org.releasegovernance.notifier.delivery;

/** New deliveries were stored; once their transaction commits, the sender wakes up instead of waiting for its poll. */
record DeliveriesQueued() {
}
