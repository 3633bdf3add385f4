package org.releasegovernance.events.state;

import org.releasegovernance.events.Policy;

import java.time.Instant;
import java.util.List;

/**
 * A release as its events recorded it up to some point.
 *
 * @param version the sequence number of the last event folded in (the aggregate version)
 */
public record ReleaseState(String releaseId, String model, Policy policy, String registeredBy, Instant registeredAt,
                           long version, List<StageState> stages) {
}
