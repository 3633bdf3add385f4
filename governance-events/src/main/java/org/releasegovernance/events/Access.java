package org.releasegovernance.events;

/** Who may obtain a stage's weights once it is released. */
public enum Access {
    /** Named research partners only, under an agreement. */
    PARTNERS,
    /** Everyone. Publishing weights cannot be undone. */
    PUBLIC
}
