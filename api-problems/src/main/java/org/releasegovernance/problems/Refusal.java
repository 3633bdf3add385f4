package org.releasegovernance.problems;

import org.springframework.http.ProblemDetail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request is refused for a reason the API names: the problem type, a detail for people and, where a client may
 * act on them, further properties (e.g. {@code rule}). Nothing was changed. Thrown anywhere a request is handled, it
 * becomes the problem document of {@link #toProblem()}.
 */
public class Refusal extends RuntimeException {

    private final transient ProblemType problemType;
    private final transient Map<String, Object> properties;

    public Refusal(ProblemType problemType, String detail) {
        this(problemType, detail, Map.of());
    }

    public Refusal(ProblemType problemType, String detail, Map<String, ?> properties) {
        super(detail);
        this.problemType = problemType;
        this.properties = Map.copyOf(properties);
    }

    /** A request value breaks a rule: 400 {@code invalid-request} with the value named in {@code errors}. */
    public static Refusal invalid(String field, String rule, String detail) {
        return invalid(List.of(new InvalidValue(field, rule, detail)));
    }

    /** A request value breaks a rule without a name a client branches on. */
    public static Refusal invalid(String field, String detail) {
        return invalid(field, null, detail);
    }

    /** Several request values break rules at once; the detail lists them all. */
    public static Refusal invalid(List<InvalidValue> errors) {
        return new Refusal(CommonProblems.INVALID_REQUEST, Problems.describe(errors), Map.of("errors", errors));
    }

    /** A resource the request addresses does not exist: 404 with the given slug. */
    public static Refusal notFound(String slug, String detail) {
        return new Refusal(ProblemType.of(CommonProblems.NOT_FOUND.status(), slug), detail);
    }

    public ProblemType problemType() {
        return problemType;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public ProblemDetail toProblem() {
        ProblemDetail problem = Problems.of(problemType, getMessage());
        new LinkedHashMap<>(properties).forEach(problem::setProperty);
        return problem;
    }
}
