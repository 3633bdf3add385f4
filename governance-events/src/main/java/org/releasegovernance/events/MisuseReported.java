package org.releasegovernance.events;

/**
 * A partner finding or observed malicious use of a stage was reported. Every later stage not yet released is halted.
 * CloudEvents type {@code org.releasegovernance.MisuseReported.v1}.
 *
 * @param releaseId  the release
 * @param stageId    the stage the misuse concerns
 * @param reportedBy who found it (a partner organisation, a researcher)
 * @param summary    what was observed
 * @param severity   how serious it is
 * @param actor      who filed the report
 */
public record MisuseReported(String releaseId, String stageId, String reportedBy, String summary, RiskLevel severity,
                             String actor) implements StageEvent {
}
