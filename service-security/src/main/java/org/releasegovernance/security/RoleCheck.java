package org.releasegovernance.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.problems.CommonProblems;
import org.releasegovernance.problems.Refusal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.List;
import java.util.Map;

/**
 * Checks an endpoint's {@code @PreAuthorize} before Spring MVC reads the request: a caller without the role gets
 * 403 naming the roles the endpoint needs, whatever the body holds, and the body is never parsed for them. Method
 * security on the controller still checks the same expression afterwards.
 */
class RoleCheck implements HandlerInterceptor {

    private final PreAuthorizeAuthorizationManager authorization = new PreAuthorizeAuthorizationManager();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        PreAuthorize rule = RequiredRoles.rule(method);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (rule == null || caller == null || caller instanceof AnonymousAuthenticationToken) {
            // an anonymous caller is refused by the security filters with 401, not here
            return true;
        }
        AuthorizationResult result = authorization.authorize(() -> caller,
                new SimpleMethodInvocation(method.getBean(), method.getMethod()));
        if (result == null || result.isGranted()) {
            return true;
        }
        List<String> roles = RequiredRoles.in(rule.value());
        throw new Refusal(CommonProblems.FORBIDDEN, "This request needs the role " + String.join(" or ", roles)
                + "; the caller holds " + held(caller) + ".", Map.of("requiredRoles", roles));
    }

    private static String held(Authentication caller) {
        List<String> roles = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length())).sorted().toList();
        return roles.isEmpty() ? "no role" : "the role " + String.join(" and ", roles);
    }
}
