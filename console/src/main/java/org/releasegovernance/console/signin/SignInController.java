package org.releasegovernance.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in with a token: the console asks governance-service whose token it is ({@code GET /api/me}) and keeps the
 * answer and the token in a new session. The token never goes back to the browser.
 */
@Controller
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);
    /** Longer than any bearer token we issue or accept; a longer value is refused before any call. */
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Apis apis;
    private final SecurityContextRepository contexts;

    SignInController(Apis apis, SecurityContextRepository contexts) {
        this.apis = apis;
        this.contexts = contexts;
    }

    @GetMapping("/sign-in")
    String signInPage() {
        return "sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        String presented = token.strip();
        if (presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH
                || !presented.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            model.addAttribute("failure", "Enter a token: printable ASCII without spaces, at most "
                    + MAX_TOKEN_LENGTH + " characters.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "sign-in";
        }
        Map<String, Object> caller;
        try {
            caller = apis.caller(presented);
        } catch (ApiRefusal refusal) {
            model.addAttribute("failure", refusal.problem().status() == 401
                    ? "The services do not know this token." : refusal.problem().detail());
            response.setStatus(refusal.problem().status() == 401 ? HttpServletResponse.SC_UNAUTHORIZED
                    : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "sign-in";
        }
        ConsoleUser user = new ConsoleUser(String.valueOf(caller.get("principal")), roles(caller.get("roles")),
                presented);
        request.getSession(true);
        request.changeSessionId(); // a session id seen before sign-in is worth nothing after it
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("{} signed in to the console with roles {}", user.name(), user.sortedRoles());
        return "redirect:/";
    }

    private static Set<String> roles(Object roles) {
        Set<String> result = new LinkedHashSet<>();
        if (roles instanceof Collection<?> values) {
            values.forEach(value -> result.add(String.valueOf(value)));
        }
        return result;
    }
}
