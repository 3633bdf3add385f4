package org.releasegovernance.events;

/**
 * The governance policy of a release, as it was recorded.
 *
 * @param quorum number of distinct members whose approval approves a stage
 */
public record Policy(int quorum) {
}
