package org.releasegovernance.events;

/** A committee member's decision on a proposed stage. */
public enum VoteChoice {
    APPROVE,
    REJECT
}
