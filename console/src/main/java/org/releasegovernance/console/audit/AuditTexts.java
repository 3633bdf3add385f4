package org.releasegovernance.console.audit;

import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The audit API's text answers (the signed checkpoint, export lines) with its refusals as {@code ApiRefusal}s:
 * read through {@link Apis#stream}, which maps a refusal to its problem document (an empty log's 404
 * {@code checkpoint-not-found} must reach the page as such, not as an error).
 */
@Component
class AuditTexts {

    private final Apis apis;

    AuditTexts(Apis apis) {
        this.apis = apis;
    }

    /** The latest checkpoint, a signed note, exactly as the service wrote it. */
    String checkpoint() {
        ByteArrayOutputStream note = new ByteArrayOutputStream();
        apis.stream(Backend.AUDIT, uri -> uri.path("/api/audit/checkpoint").build(), note);
        return note.toString(StandardCharsets.UTF_8);
    }

    /** The export's line for entry {@code index}: the export of the one-entry range [index, index + 1). */
    String exportLine(long index) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        apis.stream(Backend.AUDIT, uri -> uri.path("/api/audit/export")
                .queryParam("from", index).queryParam("treeSize", index + 1).build(), line);
        return line.toString(StandardCharsets.UTF_8).strip();
    }
}
