package org.releasegovernance.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * An RFC 9457 problem document as the services write it: the rule's slug is the last segment of {@code type}, and
 * {@code errors} names each bad field. The console shows it next to the form that caused it, in the service's own
 * words.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      List<String> requiredRoles) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    }

    /** The rule's slug, e.g. {@code quorum-not-reached}, or {@code null} for a type that is not a URI path. */
    public String rule() {
        if (type == null || type.isBlank() || type.equals("about:blank")) {
            return null;
        }
        int slash = type.lastIndexOf('/');
        return slash < 0 ? type : type.substring(slash + 1);
    }

    /**
     * The HTTP status of the console's page that shows this problem: the service's own when it is an error status,
     * else 502 (the service answered something the console cannot pass on as it is).
     */
    public int pageStatus() {
        return status >= 400 && status < 600 ? status : 502;
    }

    /** A problem the console itself reports, when a service could not be reached or answered something else. */
    public static Problem unavailable(Backend backend, String detail) {
        return new Problem("about:blank", backend.name().toLowerCase() + " service unavailable", 503, detail,
                List.of(), List.of());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FieldError(String field, String rule, String detail) {
    }
}
