package org.releasegovernance.events.state;

import org.releasegovernance.events.RiskLevel;

import java.time.Instant;

/** A misuse report on a stage, as recorded. */
public record MisuseRecord(String reportedBy, String summary, RiskLevel severity, String filedBy, Instant at) {
}
