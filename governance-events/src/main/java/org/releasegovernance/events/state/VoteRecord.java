package org.releasegovernance.events.state;

import org.releasegovernance.events.VoteChoice;

import java.time.Instant;

/** One member's vote on a stage, as recorded. */
public record VoteRecord(String member, VoteChoice vote, String rationale, Instant at) {
}
