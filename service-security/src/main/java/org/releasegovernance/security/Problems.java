package org.releasegovernance.security;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * RFC 9457 problem documents as every service writes them: a stable {@code type} per broken rule, the rule named in
 * the title.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://releasegovernance.org/problems/";

    private Problems() {
    }

    /**
     * A problem document for a broken rule.
     *
     * @param status the HTTP status
     * @param rule   the rule in kebab case, e.g. {@code release-not-found}: the type's last segment and the title
     * @param detail what was wrong, naming the rule or field
     */
    public static ProblemDetail problem(HttpStatus status, String rule, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + rule));
        problem.setTitle(rule);
        return problem;
    }

    /** The dotted path of the JSON field a mapping error is about, e.g. {@code policy.quorum} or {@code refs.0}. */
    public static String fieldPath(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }
}
