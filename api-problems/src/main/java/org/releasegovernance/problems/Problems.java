package org.releasegovernance.problems;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.http.ProblemDetail;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 9457 problem documents as every service writes them: the stable type, its title, a detail for people. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
    }

    /** An {@code invalid-request} problem listing every invalid value. */
    public static ProblemDetail invalid(List<InvalidValue> errors) {
        return Refusal.invalid(errors).toProblem();
    }

    /** The detail of an {@code invalid-request} problem: each value's detail, ordered by field. */
    static String describe(List<InvalidValue> errors) {
        return errors.stream()
                .sorted(Comparator.comparing(InvalidValue::field, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(InvalidValue::detail)
                .distinct()
                .collect(Collectors.joining(" "));
    }

    /** The dotted path of the JSON field a mapping error is about, e.g. {@code policy.quorum} or {@code refs.0}. */
    public static String fieldPath(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }
}
