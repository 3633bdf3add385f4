package org.releasegovernance.events;

import java.time.Instant;

/**
 * A partner's access to a stage ends soon: recorded once, the configured window before its expiry (30 days by
 * default), or at once when it was granted closer to its expiry than that. CloudEvents type {@code
 * org.releasegovernance.PartnerAccessExpiring.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the stage shared
 * @param partner      the partner organisation
 * @param agreementRef the reference of the agreement it signed
 * @param expiresAt    when access ends
 * @param actor        who granted the access
 */
public record PartnerAccessExpiring(String releaseId, String stageId, String partner, String agreementRef,
                                    Instant expiresAt, String actor) implements StageEvent {
}
