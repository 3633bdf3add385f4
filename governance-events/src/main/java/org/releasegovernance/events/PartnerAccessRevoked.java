package org.releasegovernance.events;

/**
 * A partner's access to a stage ended before its expiry: revoked by the chair, or ended because the stage was
 * withdrawn. CloudEvents type {@code org.releasegovernance.PartnerAccessRevoked.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param partner   the partner organisation
 * @param reason    why
 * @param actor     the chair
 */
public record PartnerAccessRevoked(String releaseId, String stageId, String partner, String reason, String actor)
        implements StageEvent {
}
