package org.releasegovernance.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Set;

/**
 * How callers authenticate ({@code governance.security.*}).
 *
 * @param tokens      static bearer tokens, each stored as the SHA-256 hex of the token, never the token itself
 * @param demoTokens  accept the documented {@code demo-*} tokens; only the local run and tests turn this on
 * @param publicPaths request paths served without authentication (health is always public)
 * @param jwt         when its issuer URI is set, callers present JWTs from that issuer instead of static tokens
 */
@ConfigurationProperties("governance.security")
public record ApiSecurityProperties(List<TokenGrant> tokens, boolean demoTokens, List<String> publicPaths, Jwt jwt) {

    public ApiSecurityProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
    }

    /**
     * The OAuth2 resource server settings ({@code governance.security.jwt.*}).
     *
     * @param issuerUri      the issuer ({@code iss}) the tokens must carry; its OpenID configuration names the keys
     * @param jwkSetUri      the issuer's key set, if it is not to be discovered from the issuer URI
     * @param rolesClaim     the claim holding the roles, a dotted path for nested claims (e.g.
     *                       {@code realm_access.roles}); default {@code roles}
     * @param principalClaim the claim recorded as the actor; default {@code sub}
     */
    public record Jwt(String issuerUri, String jwkSetUri, String rolesClaim, String principalClaim) {

        public Jwt {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            principalClaim = principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim;
        }

        /** Whether JWT authentication is configured. */
        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /**
     * One static token.
     *
     * @param principal the name recorded as the actor of what this token does
     * @param sha256    lower-case hex SHA-256 of the token
     * @param roles     the roles it holds, e.g. {@code CHAIR}
     */
    public record TokenGrant(String principal, String sha256, Set<String> roles) {
    }
}
