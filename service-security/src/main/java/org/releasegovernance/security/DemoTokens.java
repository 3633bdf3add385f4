package org.releasegovernance.security;

import java.util.List;
import java.util.Set;

/**
 * The documented demo tokens of the local run. Only their hashes are kept here; they are accepted only when
 * {@code governance.security.demo-tokens=true}.
 */
final class DemoTokens {

    static final List<ApiSecurityProperties.TokenGrant> GRANTS = List.of(
            grant("chair", "demo-chair", Roles.CHAIR),
            grant("member-1", "demo-member-1", Roles.MEMBER),
            grant("member-2", "demo-member-2", Roles.MEMBER),
            grant("member-3", "demo-member-3", Roles.MEMBER),
            grant("expert", "demo-expert", Roles.EXPERT),
            grant("auditor", "demo-auditor", Roles.AUDITOR),
            grant("subscriber-admin", "demo-subscriber-admin", Roles.SUBSCRIBER_ADMIN));

    private DemoTokens() {
    }

    private static ApiSecurityProperties.TokenGrant grant(String principal, String token, String role) {
        return new ApiSecurityProperties.TokenGrant(principal, TokenHash.sha256Hex(token), Set.of(role));
    }
}
