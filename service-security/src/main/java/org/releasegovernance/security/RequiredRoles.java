package org.releasegovernance.security;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles an endpoint's {@code @PreAuthorize} names, read once for the role check's 403 and for the API documents,
 * so what the documents promise and what the check enforces cannot drift apart.
 */
public final class RequiredRoles {

    private static final Pattern QUOTED_ROLE = Pattern.compile("'([A-Z_]+)'");

    private RequiredRoles() {
    }

    /** The endpoint's rule, on the method or else on its controller; {@code null} when it has none. */
    public static PreAuthorize rule(HandlerMethod handler) {
        PreAuthorize onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        return onMethod != null ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
    }

    /** The roles the endpoint's rule names, such as MEMBER and CHAIR in {@code hasAnyRole('MEMBER', 'CHAIR')}. */
    public static List<String> of(HandlerMethod handler) {
        PreAuthorize rule = rule(handler);
        return rule == null ? List.of() : in(rule.value());
    }

    static List<String> in(String expression) {
        Matcher matcher = QUOTED_ROLE.matcher(expression);
        List<String> roles = new ArrayList<>();
        while (matcher.find()) {
            roles.add(matcher.group(1));
        }
        return List.copyOf(roles);
    }

    /** The roles as a sentence for people: "Requires one of the roles MEMBER or CHAIR." */
    public static String sentence(List<String> roles) {
        if (roles.isEmpty()) {
            return "Any authenticated caller.";
        }
        if (roles.size() == 1) {
            return "Requires the role " + roles.get(0) + ".";
        }
        return "Requires one of the roles " + String.join(", ", roles.subList(0, roles.size() - 1)) + " or "
                + roles.get(roles.size() - 1) + ".";
    }
}
