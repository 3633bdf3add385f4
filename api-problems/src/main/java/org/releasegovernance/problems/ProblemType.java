package org.releasegovernance.problems;

import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * One kind of refusal an API answers with: its HTTP status and a stable slug, the last segment of the problem
 * document's {@code type} URI. Clients branch on the type, never on the detail text.
 */
public interface ProblemType {

    /** Every problem type URI starts with this. */
    String TYPE_BASE = "https://releasegovernance.org/problems/";

    HttpStatus status();

    /** e.g. {@code self-vote-not-allowed}. */
    String slug();

    /** The short, stable summary of the problem type; the slug itself unless a type says otherwise. */
    default String title() {
        return slug();
    }

    default URI type() {
        return URI.create(TYPE_BASE + slug());
    }

    /** A problem type a feature names where it is thrown, e.g. {@code subscription-not-found}. */
    static ProblemType of(HttpStatus status, String slug) {
        return new Named(status, slug);
    }

    /** A problem type that is only a status and a slug. */
    record Named(HttpStatus status, String slug) implements ProblemType {
    }
}
