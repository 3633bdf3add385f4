package org.releasegovernance.notifier.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.releasegovernance.security.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Refusals as RFC 9457 problem documents naming the broken rule or field. */
@RestControllerAdvice
class ProblemDocuments extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidField.class)
    ProblemDetail invalidField(InvalidField invalid) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", invalid.getMessage());
        problem.setProperty("field", invalid.field());
        if (invalid.rule() != null) {
            problem.setProperty("rule", invalid.rule());
        }
        return problem;
    }

    @ExceptionHandler(RuleBroken.class)
    ProblemDetail ruleBroken(RuleBroken broken) {
        return problem(HttpStatus.CONFLICT, broken.rule(), broken.getMessage());
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound notFound) {
        return problem(HttpStatus.NOT_FOUND, notFound.slug(), notFound.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldError> errors = exception.getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField)).toList();
        String detail = errors.stream()
                .map(error -> "'" + error.getField() + "' " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid field(s): " + detail);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).getField());
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = exception.getCause();
        String detail;
        String field = cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? path(mapping) : null;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + path(unknown) + "'.";
        } else if (cause instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
            detail = "Field '" + path(invalid) + "' must be one of " + Arrays.stream(
                    invalid.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) + ".";
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = "Field '" + path(mapping) + "' has the wrong type.";
        } else {
            detail = "The request body is missing or is not valid JSON.";
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String detail) {
        return Problems.problem(status, slug, detail);
    }

    private static String path(JsonMappingException exception) {
        return Problems.fieldPath(exception);
    }
}
