package org.releasegovernance.governance.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.releasegovernance.governance.release.Rule;
import org.releasegovernance.governance.release.RuleViolation;
import org.releasegovernance.security.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The one place that turns refusals into RFC 9457 problem documents with a stable {@code type} per rule. */
@RestControllerAdvice
public class ProblemDocuments extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDocuments.class);

    @ExceptionHandler(RuleViolation.class)
    ProblemDetail ruleViolated(RuleViolation violation) {
        log.info("refused: {} ({})", violation.rule().slug(), violation.getMessage());
        return ruleProblem(violation.rule(), violation.getMessage());
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyRegistered(AggregateStreamCreationException exception) {
        return ruleProblem(Rule.RELEASE_ALREADY_REGISTERED,
                "A release with this id is already registered (" + exception.getMessage() + ").");
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail releaseNotFound(AggregateNotFoundException exception) {
        return ruleProblem(Rule.RELEASE_NOT_FOUND,
                "No release " + exception.getAggregateIdentifier() + " is registered.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalidFields(exception.getFieldErrors().stream()
                .map(error -> new InvalidField(error.getField(), error.getDefaultMessage())).toList());
    }

    /** A constraint on a request parameter or path variable, e.g. the {@code reason} of a revocation. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidField> fields = new ArrayList<>();
        for (ParameterValidationResult result : exception.getParameterValidationResults()) {
            if (result instanceof ParameterErrors errors) {
                errors.getFieldErrors().forEach(error ->
                        fields.add(new InvalidField(error.getField(), error.getDefaultMessage())));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(error ->
                        fields.add(new InvalidField(name, error.getDefaultMessage())));
            }
        }
        return invalidFields(fields);
    }

    private static ResponseEntity<Object> invalidFields(List<InvalidField> invalid) {
        List<String> messages = invalid.stream()
                .sorted(Comparator.comparing(InvalidField::field))
                .map(field -> "'" + field.field() + "' " + field.message())
                .toList();
        ProblemDetail problem = badRequest("invalid-request", "Invalid field(s): " + String.join("; ", messages));
        problem.setProperty("fields", invalid.stream().map(InvalidField::field).distinct().sorted().toList());
        return ResponseEntity.badRequest().body(problem);
    }

    private record InvalidField(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = exception.getCause();
        ProblemDetail problem;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem = badRequest("unknown-field", "Unknown field '" + path(unknown) + "'.");
        } else if (cause instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            problem = badRequest("invalid-request",
                    "Field '" + path(invalid) + "' must be one of " + allowed + ".");
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = badRequest("invalid-request", "Field '" + path(mapping) + "' has the wrong type.");
        } else {
            problem = badRequest("malformed-request", "The request body is missing or is not valid JSON.");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** The problem document of a broken rule: its stable type, the rule named, the detail saying why. */
    public static ProblemDetail ruleProblem(Rule rule, String detail) {
        ProblemDetail problem = Problems.problem(statusOf(rule.kind()), rule.slug(), detail);
        problem.setProperty("rule", rule.name());
        return problem;
    }

    private static HttpStatus statusOf(Rule.Kind kind) {
        if (kind == Rule.Kind.NOT_FOUND) {
            return HttpStatus.NOT_FOUND;
        }
        if (kind == Rule.Kind.UNPROCESSABLE) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        }
        if (kind == Rule.Kind.PRECONDITION_FAILED) {
            return HttpStatus.PRECONDITION_FAILED;
        }
        return HttpStatus.CONFLICT;
    }

    private static ProblemDetail badRequest(String slug, String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, slug, detail);
    }

    private static String path(JsonMappingException exception) {
        return Problems.fieldPath(exception);
    }
}
