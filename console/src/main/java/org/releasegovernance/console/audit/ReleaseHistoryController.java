package org.releasegovernance.console.audit;

import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

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
    String history(@PathVariable String releaseId,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                   LocalDateTime asOf,
                   Model model) {
        model.addAttribute("releaseId", releaseId);
        model.addAttribute("timeline", TimelineEntry.fromEvents(
                apis.get(Backend.AUDIT, "/api/audit/releases/{id}/events", releaseId)));
        if (asOf != null) {
            LocalDateTime millis = asOf.truncatedTo(ChronoUnit.MILLIS); // the log's times are to the millisecond
            Instant instant = millis.toInstant(ZoneOffset.UTC);
            model.addAttribute("asOf", instant);
            model.addAttribute("asOfValue", millis.toString());
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
        return "audit/release";
    }
}
