package org.releasegovernance.events.state;

import org.releasegovernance.events.PartnerPurpose;

import java.time.Instant;

/**
 * A partner's access to a stage, as recorded; {@code revokedAt} is set once it was revoked or the stage withdrawn,
 * {@code expiryNoticedAt} and {@code expiredAt} once a {@code PartnerAccessExpiring} or {@code PartnerAccessExpired}
 * was recorded for it.
 */
public record GrantRecord(String partner, PartnerPurpose purpose, String description, String agreementRef,
                          Instant expiresAt, String grantedBy, Instant grantedAt, Instant revokedAt,
                          String revokeReason, Instant expiryNoticedAt, Instant expiredAt) {

    /** Whether the partner holds access at that instant: not revoked and not yet expired. */
    public boolean activeAt(Instant instant) {
        return revokedAt == null && instant.isBefore(expiresAt);
    }

    GrantRecord revoked(Instant at, String reason) {
        return new GrantRecord(partner, purpose, description, agreementRef, expiresAt, grantedBy, grantedAt, at,
                reason, expiryNoticedAt, expiredAt);
    }

    GrantRecord expiryNoticed(Instant at) {
        return new GrantRecord(partner, purpose, description, agreementRef, expiresAt, grantedBy, grantedAt,
                revokedAt, revokeReason, at, expiredAt);
    }

    GrantRecord expired(Instant at) {
        return new GrantRecord(partner, purpose, description, agreementRef, expiresAt, grantedBy, grantedAt,
                revokedAt, revokeReason, expiryNoticedAt, at);
    }
}
