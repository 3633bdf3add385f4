package org.releasegovernance.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/** Resolves a bearer token to its principal and roles by comparing SHA-256 hashes. */
class HashedTokenIntrospector implements OpaqueTokenIntrospector {

    private final List<ApiSecurityProperties.TokenGrant> grants;

    HashedTokenIntrospector(List<ApiSecurityProperties.TokenGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        byte[] presented = TokenHash.sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        return grants.stream()
                .filter(grant -> MessageDigest.isEqual(presented,
                        grant.sha256().toLowerCase().getBytes(StandardCharsets.US_ASCII)))
                .findFirst()
                .map(HashedTokenIntrospector::principal)
                .orElseThrow(() -> new BadOpaqueTokenException("unknown bearer token"));
    }

    private static OAuth2AuthenticatedPrincipal principal(ApiSecurityProperties.TokenGrant grant) {
        List<GrantedAuthority> authorities = grant.roles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return new DefaultOAuth2AuthenticatedPrincipal(grant.principal(), Map.of("sub", grant.principal()),
                authorities);
    }
}
