package org.releasegovernance.console.subscriptions;

import jakarta.servlet.http.HttpServletResponse;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The delivery log, filtered by subscription and status, one delivery with its attempts, and "retry now" for a dead
 * letter. A retry sent from the log comes back to the log with the same filters.
 */
@Controller
class DeliveriesController {

    static final List<String> STATUSES = List.of("PENDING", "DELIVERED", "DEAD");

    private final Apis apis;

    DeliveriesController(Apis apis) {
        this.apis = apis;
    }

    @GetMapping("/deliveries")
    String deliveries(DeliveryFilter filter, Model model) {
        return listPage(filter, model);
    }

    @GetMapping("/deliveries/{id}")
    String delivery(@PathVariable UUID id, Model model) {
        return deliveryPage(id, model);
    }

    @PostMapping("/deliveries/{id}/retry")
    String retry(@PathVariable UUID id, DeliveryFilter filter, @RequestParam(defaultValue = "false") boolean fromLog,
                 @RequestParam(required = false) String idempotencyKey, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        try {
            apis.write(Backend.NOTIFIER, HttpMethod.POST, null, Writes.headers(idempotencyKey),
                    "/api/deliveries/{id}/retry", id);
            redirect.addFlashAttribute("notice", "Delivery " + id + " is being sent again now.");
            return "redirect:" + (fromLog ? filter.logPath() : "/deliveries/" + id);
        } catch (ApiRefusal refusal) {
            model.addAttribute("retryProblem", Writes.refused(refusal, response));
            model.addAttribute("retried", id.toString());
            return fromLog ? listPage(filter, model) : deliveryPage(id, model);
        }
    }

    private String listPage(DeliveryFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("subscriptions", apis.list(Backend.NOTIFIER, uri -> uri.path("/api/subscriptions").build()));
        List<Map<String, Object>> deliveries = apis.list(Backend.NOTIFIER, filter::apiQuery);
        model.addAttribute("deliveries", deliveries);
        // a refused retry is shown in its delivery's row, or above the log if the filter leaves that row out
        Object retried = model.getAttribute("retried");
        model.addAttribute("retriedListed", deliveries.stream().anyMatch(d -> d.get("id").equals(retried)));
        return "subscriptions/deliveries";
    }

    private String deliveryPage(UUID id, Model model) {
        model.addAttribute("delivery", apis.get(Backend.NOTIFIER, "/api/deliveries/{id}", id));
        return "subscriptions/delivery";
    }
}
