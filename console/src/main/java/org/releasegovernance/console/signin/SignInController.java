package org.releasegovernance.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Map;

/**
 * Sign-in with a token: the console asks governance-service whose token it is ({@code GET /api/me}) and keeps the
 * answer and the token in a new session. The token never goes back to the browser. Where an OpenID Connect issuer
 * is configured, the page also offers that login ({@link OidcSignIn}).
 */
@Controller
class SignInController {

    /** Longer than any bearer token we issue or accept; a longer value is refused before any call. */
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Apis apis;
    private final ConsoleSession session;
    private final OidcProperties oidc;

    SignInController(Apis apis, ConsoleSession session, OidcProperties oidc) {
        this.apis = apis;
        this.session = session;
        this.oidc = oidc;
    }

    /** Where the sign-in page offers OpenID Connect: the issuer's name on the button, or none. */
    @ModelAttribute("oidcIssuer")
    String oidcIssuer() {
        return oidc.enabled() ? oidc.issuerUri() : null;
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
        session.start(caller, presented, "with a token", request, response);
        return "redirect:/";
    }
}
