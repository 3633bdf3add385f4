package org.releasegovernance.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JWT into the principal and roles: the principal is the configured claim (default {@code sub}), the roles
 * come from the configured claim (a list or a space-separated string; a dotted path reaches nested claims). Only the
 * known roles are kept.
 */
class ClaimRolesConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private static final Set<String> KNOWN = Set.of(Roles.CHAIR, Roles.MEMBER, Roles.EXPERT, Roles.AUDITOR,
            Roles.SUBSCRIBER_ADMIN);

    private final ApiSecurityProperties.Jwt settings;

    ClaimRolesConverter(ApiSecurityProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = roles(jwt).stream()
                .map(role -> role.toUpperCase().replace('-', '_'))
                .filter(KNOWN::contains)
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        String principal = jwt.getClaimAsString(settings.principalClaim());
        return new JwtAuthenticationToken(jwt, authorities, principal != null ? principal : jwt.getSubject());
    }

    private Collection<String> roles(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String part : settings.rolesClaim().split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text) {
            return Arrays.asList(text.trim().split("\\s+"));
        }
        return List.of();
    }
}
