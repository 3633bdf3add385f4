package org.releasegovernance.console.subscriptions;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiAnswer;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;
import java.util.UUID;

/**
 * One subscription: its details and deliveries; pause, resume, rotate the secret, delete. Each write carries the
 * version the person saw as {@code If-Match}, so a change made meanwhile (by another admin, or the notifier disabling
 * a failing endpoint) is refused with 412 instead of overwritten.
 */
@Controller
class SubscriptionController {

    /** The two states a person may set; DISABLED is the notifier's own. */
    enum Status { ACTIVE, PAUSED }

    private final Apis apis;

    SubscriptionController(Apis apis) {
        this.apis = apis;
    }

    @GetMapping("/subscriptions/{id}")
    String subscription(@PathVariable UUID id, Model model) {
        return page(id, model);
    }

    @PostMapping("/subscriptions/{id}/status")
    String changeStatus(@PathVariable UUID id, @RequestParam Status status, @RequestParam long version,
                        @RequestParam(required = false) String idempotencyKey, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        try {
            apis.write(Backend.NOTIFIER, HttpMethod.PATCH, Map.of("status", status.name()),
                    Writes.headers(idempotencyKey, version), "/api/subscriptions/{id}", id);
            redirect.addFlashAttribute("notice", status == Status.PAUSED
                    ? "Subscription paused: deliveries are collected and sent once it is resumed."
                    : "Subscription resumed: waiting deliveries are sent now.");
            return "redirect:/subscriptions/" + id;
        } catch (ApiRefusal refusal) {
            model.addAttribute("statusProblem", Writes.refused(refusal, response));
            return page(id, model);
        }
    }

    @PostMapping("/subscriptions/{id}/secret")
    String rotateSecret(@PathVariable UUID id, @RequestParam long version,
                        @RequestParam(required = false) String idempotencyKey, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        try {
            ApiAnswer answer = apis.write(Backend.NOTIFIER, HttpMethod.POST, null,
                    Writes.headers(idempotencyKey, version), "/api/subscriptions/{id}/secret", id);
            redirect.addFlashAttribute("secret", answer.body().get("secret"));
            redirect.addFlashAttribute("previousSecretValidUntil", answer.body().get("previousSecretValidUntil"));
            redirect.addFlashAttribute("notice", "Signing secret rotated.");
            return "redirect:/subscriptions/" + id;
        } catch (ApiRefusal refusal) {
            model.addAttribute("secretProblem", Writes.refused(refusal, response));
            return page(id, model);
        }
    }

    @GetMapping("/subscriptions/{id}/delete")
    String confirmDelete(@PathVariable UUID id, Model model) {
        return deletePage(id, model);
    }

    @PostMapping("/subscriptions/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam long version,
                  @RequestParam(required = false) String idempotencyKey, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        try {
            apis.write(Backend.NOTIFIER, HttpMethod.DELETE, null, Writes.headers(idempotencyKey, version),
                    "/api/subscriptions/{id}", id);
            redirect.addFlashAttribute("notice", "Subscription " + id + " deleted, with its delivery log.");
            return "redirect:/subscriptions";
        } catch (ApiRefusal refusal) {
            model.addAttribute("deleteProblem", Writes.refused(refusal, response));
            return deletePage(id, model);
        }
    }

    private String page(UUID id, Model model) {
        model.addAttribute("subscription", apis.get(Backend.NOTIFIER, "/api/subscriptions/{id}", id));
        model.addAttribute("deliveries", apis.list(Backend.NOTIFIER, uri -> uri.path("/api/deliveries")
                .queryParam("subscriptionId", id).build()));
        return "subscriptions/subscription";
    }

    private String deletePage(UUID id, Model model) {
        model.addAttribute("subscription", apis.get(Backend.NOTIFIER, "/api/subscriptions/{id}", id));
        return "subscriptions/delete";
    }
}
