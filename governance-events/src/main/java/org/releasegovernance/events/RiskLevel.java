package org.releasegovernance.events;

/** How serious an expert judges the risk of one factor. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
