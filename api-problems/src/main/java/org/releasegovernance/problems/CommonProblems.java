package org.releasegovernance.problems;

import org.springframework.http.HttpStatus;

import java.util.Arrays;

/** The problem types of the HTTP layer itself, the same in every service. */
public enum CommonProblems implements ProblemType {
    /** A field, parameter or header breaks a rule; {@code errors} names each one. */
    INVALID_REQUEST(HttpStatus.BAD_REQUEST),
    /** The body is not JSON, or not one JSON value. */
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
    /** The body names a field the resource does not have. */
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST),
    /** The request line, a header or the path is refused before any endpoint is chosen. */
    REQUEST_REJECTED(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED),
    REQUEST_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    CommonProblems(HttpStatus status) {
        this.status = status;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }

    /**
     * The problem type of an HTTP status that reached the client without a more precise one: the common type of
     * that status, else a type named after the status itself (e.g. {@code http-502}).
     */
    public static ProblemType forStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus resolved = known != null ? known : status >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR
                : HttpStatus.BAD_REQUEST;
        if (resolved == HttpStatus.BAD_REQUEST) {
            return REQUEST_REJECTED;
        }
        return Arrays.stream(values()).filter(type -> type.status == resolved).findFirst()
                .<ProblemType>map(type -> type)
                .orElseGet(() -> ProblemType.of(resolved, "http-" + resolved.value()));
    }
}
