package org.releasegovernance.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Starts a person's console session, whichever way they signed in: the services' answer to {@code GET /api/me} and
 * the token that got it go into a session with a new id.
 */
@Component
class ConsoleSession {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSession.class);

    private final SecurityContextRepository contexts;

    ConsoleSession(SecurityContextRepository contexts) {
        this.contexts = contexts;
    }

    ConsoleUser start(Map<String, Object> caller, String token, String how, HttpServletRequest request,
                      HttpServletResponse response) {
        ConsoleUser user = new ConsoleUser(String.valueOf(caller.get("principal")), roles(caller.get("roles")),
                token);
        request.getSession(true);
        request.changeSessionId(); // a session id seen before sign-in is worth nothing after it
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("{} signed in to the console {} with roles {}", user.name(), how, user.sortedRoles());
        return user;
    }

    private static Set<String> roles(Object roles) {
        Set<String> result = new LinkedHashSet<>();
        if (roles instanceof Collection<?> values) {
            values.forEach(value -> result.add(String.valueOf(value)));
        }
        return result;
    }
}
