/**
 * The Kafka consumer of governance events; it records deliveries and feed entries, then lets its offset be
 * committed.
 */
package org.releasegovernance.notifier.messaging;
