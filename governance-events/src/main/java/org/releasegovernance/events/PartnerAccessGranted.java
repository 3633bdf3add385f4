package org.releasegovernance.events;

import java.time.Instant;

/**
 * A partner organisation was given a stage's weights under an agreement. CloudEvents type
 * {@code org.releasegovernance.PartnerAccessGranted.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the stage shared
 * @param partner      the partner organisation
 * @param purpose      why it gets access
 * @param description  the purpose in the partner's words; required for {@code OTHER}
 * @param agreementRef the reference of the agreement it signed
 * @param expiresAt    when access ends unless renewed
 * @param actor        the chair
 */
public record PartnerAccessGranted(String releaseId, String stageId, String partner, PartnerPurpose purpose,
                                   String description, String agreementRef, Instant expiresAt, String actor)
        implements StageEvent {
}
