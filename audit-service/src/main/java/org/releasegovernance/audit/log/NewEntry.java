package org.releasegovernance.audit.log;

import org.releasegovernance.events.EventEnvelope;

/**
 * An event to append to a log table.
 *
 * @param envelope       the event read from the topic
 * @param cloudEventType the CloudEvents type it was published under
 * @param data           the event JSON exactly as published
 * @param leaf           its canonical bytes ({@link CanonicalEntry}), which the leaf hash covers
 */
public record NewEntry(EventEnvelope envelope, String cloudEventType, byte[] data, byte[] leaf) {
}
