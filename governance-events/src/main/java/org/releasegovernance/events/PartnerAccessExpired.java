package org.releasegovernance.events;

import java.time.Instant;

/**
 * A partner's access to a stage reached its expiry unrevoked and ended: recorded once, when the expiry passes (or
 * as soon as the service runs again after it). CloudEvents type {@code
 * org.releasegovernance.PartnerAccessExpired.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the stage shared
 * @param partner      the partner organisation
 * @param agreementRef the reference of the agreement it signed
 * @param expiresAt    when access ended
 * @param actor        who granted the access
 */
public record PartnerAccessExpired(String releaseId, String stageId, String partner, String agreementRef,
                                   Instant expiresAt, String actor) implements StageEvent {
}
