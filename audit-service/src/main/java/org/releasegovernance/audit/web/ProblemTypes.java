package org.releasegovernance.audit.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** RFC 9457 problem documents with the project's stable {@code type} URI per broken rule. */
public final class ProblemTypes {

    public static final String TYPE_BASE = "https://releasegovernance.org/problems/";

    private ProblemTypes() {
    }

    /**
     * A problem document for a broken rule.
     *
     * @param status the HTTP status
     * @param rule   the rule in kebab case, e.g. {@code release-not-found}; also the title
     * @param detail what was wrong, naming the rule or field
     */
    public static ProblemDetail problem(HttpStatus status, String rule, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + rule));
        problem.setTitle(rule);
        return problem;
    }
}
