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

/** A release's page: its policy, stages and reviews, and the decisions taken on the release itself. */
@Controller
@RequestMapping("/releases/{releaseId}")
class ReleaseController {

    private static final String API = "/api/releases/{releaseId}";
    private static final String BACK = "redirect:/releases/{releaseId}";

    private final Apis apis;
    private final Decisions decisions;

    ReleaseController(Apis apis, Decisions decisions) {
        this.apis = apis;
        this.decisions = decisions;
    }

    @GetMapping
    String release(@PathVariable String releaseId, Model model) {
        model.addAttribute("forms", FormInput.none());
        return render(releaseId, model);
    }

    @PostMapping("/stages")
    String propose(@PathVariable String releaseId, @RequestParam Map<String, String> input, Model model,
                   HttpServletResponse response, RedirectAttributes flash) {
        return decisions.decide("propose", input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "stageId", input.get("stageId"),
                        "parameters", Bodies.number(input.get("parameters")),
                        "access", input.get("access"),
                        "rationale", input.get("rationale"),
                        "earliestReleaseAt", UtcTimes.instant("earliestReleaseAt", input.get("earliestReleaseAt"))),
                        API + "/stages", releaseId),
                "Stage " + input.get("stageId") + " proposed.", BACK,
                () -> render(releaseId, model), model, response, flash);
    }

    @PostMapping("/policy")
    String amendPolicy(@PathVariable String releaseId, @RequestParam Map<String, String> input, Model model,
                       HttpServletResponse response, RedirectAttributes flash) {
        return decisions.decide("policy", input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "policy", Bodies.policy(input), "reason", input.get("reason")), API + "/policy", releaseId),
                "Policy amended.", BACK, () -> render(releaseId, model), model, response, flash);
    }

    @PostMapping("/reviews")
    String scheduleReview(@PathVariable String releaseId, @RequestParam Map<String, String> input, Model model,
                          HttpServletResponse response, RedirectAttributes flash) {
        return decisions.decide("review", input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "reviewId", input.get("reviewId"),
                        "title", input.get("title"),
                        "stageId", input.get("stageId"),
                        "dueAt", UtcTimes.instant("dueAt", input.get("dueAt"))), API + "/reviews", releaseId),
                "Review scheduled.", BACK, () -> render(releaseId, model), model, response, flash);
    }

    @PostMapping("/reviews/{reviewId}/publish")
    String publishReview(@PathVariable String releaseId, @PathVariable String reviewId,
                         @RequestParam Map<String, String> input, Model model, HttpServletResponse response,
                         RedirectAttributes flash) {
        return decisions.decide("publish-" + reviewId, input, sender -> sender.write(HttpMethod.POST, Bodies.of(
                        "summary", input.get("summary"), "url", input.get("url")),
                        API + "/reviews/{reviewId}/publish", releaseId, reviewId),
                "Review " + reviewId + " published.", BACK, () -> render(releaseId, model), model, response, flash);
    }

    private String render(String releaseId, Model model) {
        model.addAttribute("release", apis.get(Backend.GOVERNANCE, API, releaseId));
        return "committee/release";
    }
}
