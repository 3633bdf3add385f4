package org.releasegovernance.events;

import java.util.List;

/**
 * An expert assessed one factor of a stage. Several inputs per factor are kept. CloudEvents type
 * {@code org.releasegovernance.ExpertInputLogged.v1}.
 *
 * @param releaseId  the release
 * @param stageId    the stage assessed
 * @param factor     the factor, e.g. {@code MISUSE_RISK} (see {@link Factor}) or one the policy names
 * @param risk       the expert's risk level
 * @param summary    the assessment
 * @param references links or citations backing it
 * @param actor      the expert
 */
public record ExpertInputLogged(String releaseId, String stageId, String factor, RiskLevel risk, String summary,
                                List<String> references, String actor) implements StageEvent {

    public ExpertInputLogged {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
