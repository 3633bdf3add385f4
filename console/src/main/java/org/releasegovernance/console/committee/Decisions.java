package org.releasegovernance.console.committee;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.releasegovernance.console.signin.ConsoleUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Takes a form's decision to governance-service: sent with the form's Idempotency-Key; on success the browser is
 * redirected with a notice (post/redirect/get); on a refusal the same page is rendered again with the service's
 * problem next to that form, the input kept, and the problem's status as the answer's status.
 */
@Component
class Decisions {

    private static final Logger log = LoggerFactory.getLogger(Decisions.class);

    private final Apis apis;

    Decisions(Apis apis) {
        this.apis = apis;
    }

    /**
     * @param form     the form's name in the template, where its problem and input are shown again
     * @param input    the submitted fields, including {@code idempotencyKey}
     * @param redirect where to go when decided, e.g. {@code redirect:/releases/{releaseId}}
     * @param page     renders the page again (with {@code forms} in the model) and returns its view name
     */
    String decide(String form, Map<String, String> input, Decision decision, String notice, String redirect,
                  Supplier<String> page, Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            decision.send(new Sender(input));
        } catch (ApiRefusal refusal) {
            if (refusal.problem().status() == 401) {
                throw refusal;
            }
            response.setStatus(refusal.problem().pageStatus());
            model.addAttribute("forms", FormInput.refused(form, input, refusal.problem()));
            return page.get();
        }
        flash.addFlashAttribute("notice", notice);
        return redirect;
    }

    /** One decision: one write to governance-service. */
    @FunctionalInterface
    interface Decision {
        void send(Sender sender);
    }

    /** Writes to governance-service with the form's Idempotency-Key. */
    final class Sender {

        private final String idempotencyKey;

        private Sender(Map<String, String> input) {
            String key = input.get("idempotencyKey");
            // a form without its key (an old page) still decides once: the key is fresh for this submit
            this.idempotencyKey = key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
        }

        void write(HttpMethod method, Object body, String path, Object... variables) {
            String actor = ConsoleUser.current().name();
            String target = UriComponentsBuilder.fromPath(path).buildAndExpand(variables).toUriString();
            try {
                apis.write(Backend.GOVERNANCE, method, body, Map.of("Idempotency-Key", idempotencyKey), path,
                        variables);
            } catch (ApiRefusal refusal) {
                log.info("{} {} {} refused for {}: {}", method, target, refusal.problem().status(), actor,
                        refusal.problem().rule());
                throw refusal;
            }
            log.info("{} {} decided by {} (Idempotency-Key {})", method, target, actor, idempotencyKey);
        }
    }
}
