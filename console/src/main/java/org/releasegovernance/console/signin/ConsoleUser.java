package org.releasegovernance.console.signin;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Set;

/**
 * The signed-in person: who the services say the token belongs to, their roles, and the token itself, which lives
 * only in the server-side session and is sent to the services, never to the browser.
 */
public final class ConsoleUser extends AbstractAuthenticationToken {

    private final String principal;
    private final Set<String> roles;
    private final transient String token;

    public ConsoleUser(String principal, Set<String> roles, String token) {
        super(roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.principal = principal;
        this.roles = Set.copyOf(roles);
        this.token = token;
        setAuthenticated(true);
    }

    /** The user of the current request; only called on pages that need a signed-in user. */
    public static ConsoleUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ConsoleUser user) {
            return user;
        }
        throw new IllegalStateException("no console user signed in");
    }

    public String name() {
        return principal;
    }

    public Set<String> roles() {
        return roles;
    }

    public List<String> sortedRoles() {
        return roles.stream().sorted().toList();
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The bearer token for the services; never rendered, never logged. */
    public String token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + principal + ", " + roles + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleUser user && user.principal.equals(principal) && user.roles.equals(roles);
    }

    @Override
    public int hashCode() {
        return principal.hashCode() * 31 + roles.hashCode();
    }
}
