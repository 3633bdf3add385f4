package org.releasegovernance.events.state;

import org.releasegovernance.events.RiskLevel;

import java.time.Instant;
import java.util.List;

/** One expert's assessment of one factor of a stage, as recorded. */
public record ExpertInputRecord(String factor, RiskLevel risk, String summary, List<String> references,
                                String expert, Instant at) {
}
