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
 */
@ConfigurationProperties("governance.security")
public record ApiSecurityProperties(List<TokenGrant> tokens, boolean demoTokens, List<String> publicPaths) {

    public ApiSecurityProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
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
