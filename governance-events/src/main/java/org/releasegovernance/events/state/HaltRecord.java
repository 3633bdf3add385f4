package org.releasegovernance.events.state;

import java.time.Instant;

/** A halt of a stage caused by a misuse report on {@code causedBy}; {@code resumedAt} once the committee resumed it. */
public record HaltRecord(String causedBy, String reason, String haltedBy, Instant haltedAt, Instant resumedAt) {
}
