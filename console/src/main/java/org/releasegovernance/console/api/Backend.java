package org.releasegovernance.console.api;

/** The three services the console calls on the user's behalf. */
public enum Backend {
    GOVERNANCE,
    AUDIT,
    NOTIFIER
}
