package org.releasegovernance.console.audit;

import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A release's recorded history as a timeline, and its state as of a past instant (UTC), both read from the audit
 * log only: an auditor does not need the governance service's own view.
 */
@Controller
class ReleaseHistoryController {

    private final Apis apis;

    ReleaseHistoryController(Apis apis) {
        this.apis = apis;
    }

    /** The overview's "open a release" form. */
    @GetMapping("/audit/releases")
    String open(@RequestParam String releaseId, RedirectAttributes redirect) {
        redirect.addAttribute("releaseId", releaseId.strip());
        return "redirect:/audit/releases/{releaseId}";
    }

    @GetMapping("/audit/releases/{releaseId}")
    String history(@PathVariable String releaseId, @RequestParam(required = false) String asOf, Model model) {
        model.addAttribute("releaseId", releaseId);
        model.addAttribute("timeline", TimelineEntry.fromEvents(
                apis.get(Backend.AUDIT, "/api/audit/releases/{id}/events", releaseId)));
        if (asOf != null && !asOf.isBlank()) {
            model.addAttribute("asOfValue", asOf);
            asOf(asOf).ifPresentOrElse(instant -> showState(releaseId, instant, model),
                    () -> model.addAttribute("asOfInvalid", true));
        }
        return "audit/release";
    }

    /** The picker's value, a UTC date and time without zone, to the millisecond as the log records times. */
    static Optional<Instant> asOf(String value) {
        try {
            return Optional.of(LocalDateTime.parse(value.strip()).truncatedTo(ChronoUnit.MILLIS)
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void showState(String releaseId, Instant instant, Model model) {
        model.addAttribute("asOf", instant);
        try {
            model.addAttribute("state", apis.get(Backend.AUDIT, uri -> uri
                    .path("/api/audit/releases/{id}/state").queryParam("asOf", instant).build(releaseId))
                    .get("release"));
        } catch (ApiRefusal refusal) {
            if (refusal.problem().status() != 404) {
                throw refusal;
            }
            model.addAttribute("stateProblem", refusal.problem());
        }
    }
}
