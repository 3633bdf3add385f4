package org.releasegovernance.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/me}: whose token this is and its roles, in every service. The web console signs a person in with
 * it, and a script can check a token before it acts.
 */
@RestController
@Tag(name = "caller", description = "Who the presented token belongs to")
class CallerController {

    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's principal and roles, as this service reads the token")
    Caller me(Authentication authentication) {
        List<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .sorted()
                .toList();
        return new Caller(authentication.getName(), roles);
    }

    /**
     * @param principal who the token belongs to ({@code sub} of a JWT, the grant's principal of a static token)
     * @param roles     the roles the token carries, e.g. {@code CHAIR}
     */
    record Caller(String principal, List<String> roles) {
    }
}
