package org.releasegovernance.console.committee;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release board: every release with its stages as a pipeline, filtered as the API filters
 * ({@code GET /api/releases}), and the chair's form to register a release.
 */
@Controller
class BoardController {

    static final int PAGE = 20;

    private final Apis apis;
    private final Decisions decisions;

    BoardController(Apis apis, Decisions decisions) {
        this.apis = apis;
        this.decisions = decisions;
    }

    @GetMapping("/releases")
    String board(@RequestParam(required = false) String model, @RequestParam(required = false) String stageStatus,
                 @RequestParam(required = false) String halted, @RequestParam(defaultValue = "0") int offset,
                 Model page) {
        page.addAttribute("forms", FormInput.none());
        return render(model, stageStatus, halted, offset, page);
    }

    @PostMapping("/releases")
    String register(@RequestParam Map<String, String> input, Model page, HttpServletResponse response,
                    RedirectAttributes flash) {
        String releaseId = input.getOrDefault("releaseId", "").strip();
        flash.addAttribute("releaseId", releaseId);
        return decisions.decide("register", input,
                sender -> sender.write(HttpMethod.POST, Bodies.of("releaseId", releaseId,
                        "model", input.get("model"), "policy", Bodies.policy(input)), "/api/releases"),
                "Release " + releaseId + " registered.", "redirect:/releases/{releaseId}",
                () -> render(null, null, null, 0, page), page, response, flash);
    }

    /**
     * The summaries of one page of releases, each with its release view for the stages (the list answers counts
     * only).
     */
    private String render(String model, String stageStatus, String halted, int offset, Model page) {
        int from = Math.max(0, offset);
        // one more than a page, to know whether there is a next page
        List<Map<String, Object>> summaries = apis.list(Backend.GOVERNANCE, uri -> uri.path("/api/releases")
                .queryParamIfPresent("model", blankless(model))
                .queryParamIfPresent("stageStatus", blankless(stageStatus))
                .queryParamIfPresent("halted", blankless(halted))
                .queryParam("limit", PAGE + 1)
                .queryParam("offset", from)
                .build());
        List<Map<String, Object>> releases = summaries.stream().limit(PAGE)
                .map(s -> apis.get(Backend.GOVERNANCE, "/api/releases/{releaseId}", s.get("releaseId")))
                .toList();
        page.addAttribute("releases", releases);
        page.addAttribute("filter", Map.of("model", orEmpty(model), "stageStatus", orEmpty(stageStatus),
                "halted", orEmpty(halted)));
        page.addAttribute("offset", from);
        page.addAttribute("pageSize", PAGE);
        page.addAttribute("more", summaries.size() > PAGE);
        return "committee/board";
    }

    private static Optional<String> blankless(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
