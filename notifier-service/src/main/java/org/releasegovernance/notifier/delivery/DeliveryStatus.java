package org.releasegovernance.notifier.delivery;

/** Where a delivery is: waiting to be (re)sent, delivered, or given up after the last attempt. */
public enum DeliveryStatus {
    PENDING,
    DELIVERED,
    DEAD
}
