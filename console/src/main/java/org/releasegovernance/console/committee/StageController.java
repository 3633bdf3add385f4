package org.releasegovernance.console.committee;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;

/**
 * A stage's page: its rationale, expert inputs, votes, grants, misuse reports, schedule and halts, and every
 * decision the API takes on a stage. Each form goes to the matching endpoint; who may take it is the service's
 * rule, the page only hides the forms a role cannot use.
 */
@Controller
@RequestMapping("/releases/{releaseId}/stages/{stageId}")
class StageController {

    private static final String API = "/api/releases/{releaseId}/stages/{stageId}";
    private static final String BACK = "redirect:/releases/{releaseId}/stages/{stageId}";

    private final Apis apis;
    private final Decisions decisions;

    StageController(Apis apis, Decisions decisions) {
        this.apis = apis;
        this.decisions = decisions;
    }

    @GetMapping
    String stage(@PathVariable String releaseId, @PathVariable String stageId, Model model) {
        model.addAttribute("forms", FormInput.none());
        return render(releaseId, stageId, model);
    }

    @PostMapping("/votes")
    String vote(@PathVariable String releaseId, @PathVariable String stageId, @RequestParam Map<String, String> input,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        return decide("vote", input, HttpMethod.POST, Bodies.of("vote", input.get("vote"),
                        "rationale", input.get("rationale")), "/votes", "Your vote is recorded.",
                releaseId, stageId, model, response, flash);
    }

    @PostMapping("/recusals")
    String recuse(@PathVariable String releaseId, @PathVariable String stageId,
                  @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                  RedirectAttributes flash) {
        return decide("recuse", input, HttpMethod.POST, Bodies.of("reason", input.get("reason")), "/recusals",
                "You recused yourself from this stage.", releaseId, stageId, model, response, flash);
    }

    @PostMapping("/resume-votes")
    String resumeVote(@PathVariable String releaseId, @PathVariable String stageId,
                      @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                      RedirectAttributes flash) {
        return decide("resume", input, HttpMethod.POST, Bodies.of("vote", input.get("vote"),
                        "rationale", input.get("rationale")), "/resume-votes", "Your vote on resuming is recorded.",
                releaseId, stageId, model, response, flash);
    }

    @PostMapping("/expert-inputs")
    String expertInput(@PathVariable String releaseId, @PathVariable String stageId,
                       @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                       RedirectAttributes flash) {
        return decide("expert", input, HttpMethod.POST, Bodies.of(
                        "factor", input.get("factor"),
                        "risk", input.get("risk"),
                        "summary", input.get("summary"),
                        "references", Bodies.lines(input.get("references"))), "/expert-inputs",
                "Expert input on " + input.get("factor") + " logged.", releaseId, stageId, model, response, flash);
    }

    /** Releases now when no time is given, else schedules the release at that time (UTC). */
    @PostMapping("/release")
    String release(@PathVariable String releaseId, @PathVariable String stageId,
                   @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                   RedirectAttributes flash) {
        boolean now = input.getOrDefault("at", "").isBlank();
        return decisions.decide("release", input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "note", input.get("note"), "at", UtcTimes.instant("at", input.get("at"))),
                        API + "/release", releaseId, stageId),
                now ? "Stage " + stageId + " released." : "Release of stage " + stageId + " scheduled.", BACK,
                () -> render(releaseId, stageId, model), model, response, flash);
    }

    @PostMapping("/release/cancel")
    String cancelSchedule(@PathVariable String releaseId, @PathVariable String stageId,
                          @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                          RedirectAttributes flash) {
        return decide("cancel", input, HttpMethod.DELETE, null, "/release", "Scheduled release cancelled.",
                releaseId, stageId, model, response, flash);
    }

    @PostMapping("/partners")
    String grant(@PathVariable String releaseId, @PathVariable String stageId,
                 @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                 RedirectAttributes flash) {
        return decisions.decide("grant", input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "partner", input.get("partner"),
                        "purpose", input.get("purpose"),
                        "description", input.get("description"),
                        "agreementRef", input.get("agreementRef"),
                        "expiresAt", UtcTimes.instant("expiresAt", input.get("expiresAt"))),
                        API + "/partners", releaseId, stageId),
                input.get("partner") + " has access to stage " + stageId + ".", BACK,
                () -> render(releaseId, stageId, model), model, response, flash);
    }

    /** Revokes with the API's default reason: the revoke endpoint takes its reason as a query parameter. */
    @PostMapping("/partners/revoke")
    String revoke(@PathVariable String releaseId, @PathVariable String stageId,
                  @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                  RedirectAttributes flash) {
        String partner = input.getOrDefault("partner", "");
        return decisions.decide("revoke-" + partner, input, sender -> sender.write(HttpMethod.DELETE, null,
                        API + "/partners/{partner}", releaseId, stageId, partner),
                partner + " no longer has access to stage " + stageId + ".", BACK,
                () -> render(releaseId, stageId, model), model, response, flash);
    }

    @PostMapping("/misuse-reports")
    String reportMisuse(@PathVariable String releaseId, @PathVariable String stageId,
                        @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                        RedirectAttributes flash) {
        return decide("misuse", input, HttpMethod.POST, Bodies.of(
                        "reportedBy", input.get("reportedBy"),
                        "summary", input.get("summary"),
                        "severity", input.get("severity")), "/misuse-reports",
                "Misuse report filed; later stages not yet released are halted.", releaseId, stageId, model,
                response, flash);
    }

    @PostMapping("/withdraw")
    String withdraw(@PathVariable String releaseId, @PathVariable String stageId,
                    @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                    RedirectAttributes flash) {
        return decide("withdraw", input, HttpMethod.POST, Bodies.of("reason", input.get("reason")), "/withdraw",
                "Stage " + stageId + " withdrawn.", releaseId, stageId, model, response, flash);
    }

    private String decide(String form, Map<String, String> input, HttpMethod method, Object body, String endpoint,
                          String notice, String releaseId, String stageId, Model model,
                          HttpServletResponse response, RedirectAttributes flash) {
        return decisions.decide(form, input, sender -> sender.write(method, body, API + endpoint, releaseId, stageId),
                notice, BACK, () -> render(releaseId, stageId, model), model, response, flash);
    }

    private String render(String releaseId, String stageId, Model model) {
        model.addAttribute("stage", apis.get(Backend.GOVERNANCE, API, releaseId, stageId));
        model.addAttribute("release", apis.get(Backend.GOVERNANCE, "/api/releases/{releaseId}", releaseId));
        return "committee/stage";
    }
}
