package org.releasegovernance.events.state;

import org.releasegovernance.events.PartnerPurpose;

import java.time.Instant;

/** A partner's access to a stage, as recorded; {@code revokedAt} is set once it was revoked or the stage withdrawn. */
public record GrantRecord(String partner, PartnerPurpose purpose, String description, String agreementRef,
                          Instant expiresAt, String grantedBy, Instant grantedAt, Instant revokedAt,
                          String revokeReason) {

    /** Whether the partner holds access at that instant: not revoked and not yet expired. */
    public boolean activeAt(Instant instant) {
        return revokedAt == null && instant.isBefore(expiresAt);
    }
}
