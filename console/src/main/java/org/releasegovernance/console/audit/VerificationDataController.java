package org.releasegovernance.console.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.releasegovernance.console.api.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;

/**
 * What {@code verify.js} fetches from the console's own origin (the page may connect nowhere else), passed through
 * from the audit API as it answered: the verifier key, the signed checkpoint, an inclusion proof and an entry's
 * exact leaf bytes. The browser checks them; nothing here vouches for them.
 */
@RestController
class VerificationDataController {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Apis apis;
    private final AuditTexts texts;
    private final ObjectMapper json;

    VerificationDataController(Apis apis, AuditTexts texts, ObjectMapper json) {
        this.apis = apis;
        this.texts = texts;
        this.json = json;
    }

    @GetMapping("/audit/public-key")
    Map<String, Object> publicKey() {
        return apis.get(Backend.AUDIT, "/api/audit/public-key");
    }

    @GetMapping(path = "/audit/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    String checkpoint() {
        return texts.checkpoint();
    }

    @GetMapping("/audit/proofs/inclusion")
    Map<String, Object> inclusionProof(@RequestParam long index, @RequestParam long treeSize) {
        return apis.get(Backend.AUDIT, uri -> uri.path("/api/audit/proofs/inclusion")
                .queryParam("index", index).queryParam("treeSize", treeSize).build());
    }

    /** Entry {@code index} as the export writes it, {@code entry} being base64 of the exact leaf bytes. */
    @GetMapping("/audit/entries/{index}")
    Map<String, Object> entry(@PathVariable long index) throws IOException {
        return json.readValue(texts.exportLine(index), OBJECT);
    }

    /** The script shows the service's refusal in its words, so it gets the problem document, not a page. */
    @ExceptionHandler(ApiRefusal.class)
    ResponseEntity<Problem> refused(ApiRefusal refusal) {
        Problem problem = refusal.problem();
        HttpStatus status = HttpStatus.resolve(problem.status());
        return ResponseEntity.status(status == null ? HttpStatus.BAD_GATEWAY : status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
