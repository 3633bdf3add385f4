package org.releasegovernance.events;

/**
 * The built-in factors a committee weighs before a stage goes out. A policy may name others; factors travel as
 * plain strings so that those need no contract change.
 */
public enum Factor {
    MISUSE_RISK,
    EASE_OF_USE,
    REPLICATION_LANDSCAPE,
    EVIDENCE_OF_USE,
    STAKEHOLDER_INPUT
}
