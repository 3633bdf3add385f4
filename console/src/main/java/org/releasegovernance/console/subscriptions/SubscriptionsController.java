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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.UUID;

/**
 * Every subscription, and the three ways to add one: a webhook, a Mastodon account, an email address. A new webhook's
 * signing secret goes to the next page as a flash attribute, shown there once; it is never part of a URL and never
 * kept by the console.
 */
@Controller
class SubscriptionsController {

    private final Apis apis;

    SubscriptionsController(Apis apis) {
        this.apis = apis;
    }

    @GetMapping("/subscriptions")
    String subscriptions(Model model) {
        return page(model, WebhookForm.blank(), MastodonForm.blank(), EmailForm.blank());
    }

    @PostMapping("/subscriptions/webhook")
    String subscribeWebhook(@ModelAttribute("webhookForm") WebhookForm form,
                            @RequestParam(required = false) String idempotencyKey, Model model,
                            RedirectAttributes redirect, HttpServletResponse response) {
        try {
            ApiAnswer answer = apis.write(Backend.NOTIFIER, HttpMethod.POST, form.request(),
                    Writes.headers(idempotencyKey), "/api/subscriptions");
            redirect.addFlashAttribute("secret", answer.body().get("secret"));
            redirect.addFlashAttribute("notice", "Webhook subscribed: " + answer.body().get("url") + ".");
            return "redirect:/subscriptions/" + idOf(answer);
        } catch (ApiRefusal refusal) {
            model.addAttribute("webhookProblem", Writes.refused(refusal, response));
            return page(model, form, MastodonForm.blank(), EmailForm.blank());
        }
    }

    @PostMapping("/subscriptions/mastodon")
    String connectMastodon(@ModelAttribute("mastodonForm") MastodonForm form,
                           @RequestParam(required = false) String idempotencyKey, Model model,
                           RedirectAttributes redirect, HttpServletResponse response) {
        try {
            ApiAnswer answer = apis.write(Backend.NOTIFIER, HttpMethod.POST, form.request(),
                    Writes.headers(idempotencyKey), "/api/subscriptions");
            redirect.addFlashAttribute("notice", "Mastodon account at " + answer.body().get("url")
                    + " connected: public releases and published reviews will be posted there.");
            return "redirect:/subscriptions/" + idOf(answer);
        } catch (ApiRefusal refusal) {
            model.addAttribute("mastodonProblem", Writes.refused(refusal, response));
            return page(model, WebhookForm.blank(), form.withoutToken(), EmailForm.blank());
        }
    }

    @PostMapping("/subscriptions/email")
    String subscribeEmail(@ModelAttribute("emailForm") EmailForm form,
                          @RequestParam(required = false) String idempotencyKey, Model model,
                          RedirectAttributes redirect, HttpServletResponse response) {
        try {
            ApiAnswer answer = apis.write(Backend.NOTIFIER, HttpMethod.POST, form.request(),
                    Writes.headers(idempotencyKey), "/api/subscriptions");
            redirect.addFlashAttribute("notice", "Email subscription for " + answer.body().get("address")
                    + " created.");
            return "redirect:/subscriptions/" + idOf(answer);
        } catch (ApiRefusal refusal) {
            model.addAttribute("emailProblem", Writes.refused(refusal, response));
            return page(model, WebhookForm.blank(), MastodonForm.blank(), form);
        }
    }

    private String page(Model model, WebhookForm webhook, MastodonForm mastodon, EmailForm email) {
        model.addAttribute("webhookForm", webhook);
        model.addAttribute("mastodonForm", mastodon);
        model.addAttribute("emailForm", email);
        model.addAttribute("subscriptions", apis.list(Backend.NOTIFIER, uri -> uri.path("/api/subscriptions").build()));
        return "subscriptions/list";
    }

    /** The new subscription's id, checked to be one before it becomes part of a redirect. */
    private static UUID idOf(ApiAnswer answer) {
        return UUID.fromString(String.valueOf(answer.body().get("id")));
    }
}
