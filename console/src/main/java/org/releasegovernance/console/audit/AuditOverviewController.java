package org.releasegovernance.console.audit;

import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiAnswer;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The auditor's overview: the latest signed checkpoint and the key that checks it, anomalies in releases' sequences,
 * the service's own full check on demand, replays, and the export as a file.
 */
@Controller
class AuditOverviewController {

    private final Apis apis;
    private final AuditTexts texts;

    AuditOverviewController(Apis apis, AuditTexts texts) {
        this.apis = apis;
        this.texts = texts;
    }

    @GetMapping("/audit")
    String overview(Model model) {
        Optional<SignedCheckpoint> checkpoint = latestCheckpoint();
        model.addAttribute("checkpoint", checkpoint.orElse(null));
        model.addAttribute("verifierKey", apis.get(Backend.AUDIT, "/api/audit/public-key").get("verifierKey"));
        model.addAttribute("anomalies", apis.get(Backend.AUDIT, "/api/audit/anomalies").get("anomalies"));
        return "audit/overview";
    }

    /** The service recomputes every leaf and signed root: slow on a large log, so only when asked. */
    @GetMapping("/audit/verify")
    String verify(Model model) {
        model.addAttribute("verification", apis.get(Backend.AUDIT, "/api/audit/verify"));
        return overview(model);
    }

    @PostMapping("/audit/replays")
    String startReplay(@RequestParam String idempotencyKey) {
        ApiAnswer answer = apis.write(Backend.AUDIT, HttpMethod.POST, null, Map.of("Idempotency-Key", idempotencyKey),
                "/api/audit/replays");
        return "redirect:/audit/replays/" + answer.body().get("id");
    }

    @GetMapping("/audit/replays/{id}")
    String replay(@PathVariable long id, Model model) {
        Map<String, Object> replay = apis.get(Backend.AUDIT, "/api/audit/replays/{id}", id);
        model.addAttribute("replay", replay);
        model.addAttribute("running", "RUNNING".equals(replay.get("status")));
        return "audit/replay";
    }

    /**
     * The log as JSON Lines, named by the size of the checkpoint it matches: the export stops at that size, so the
     * file and the checkpoint shown on the overview describe the same tree.
     */
    @GetMapping("/audit/export")
    void export(HttpServletResponse response) throws IOException {
        long size = latestCheckpoint().map(SignedCheckpoint::treeSize).orElse(0L);
        response.setContentType("application/jsonl");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit-log-" + size + ".jsonl").build().toString());
        try {
            apis.stream(Backend.AUDIT, uri -> uri.path("/api/audit/export").queryParam("treeSize", size).build(),
                    response.getOutputStream());
        } catch (ApiRefusal refusal) {
            if (!response.isCommitted()) {
                response.reset(); // the refusal page replaces the download
            }
            throw refusal;
        }
    }

    private Optional<SignedCheckpoint> latestCheckpoint() {
        try {
            return Optional.of(SignedCheckpoint.parse(texts.checkpoint()));
        } catch (ApiRefusal refusal) {
            if ("checkpoint-not-found".equals(refusal.problem().rule())) {
                return Optional.empty();
            }
            throw refusal;
        }
    }
}
