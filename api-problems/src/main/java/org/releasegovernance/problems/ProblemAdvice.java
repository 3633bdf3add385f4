package org.releasegovernance.problems;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where a refused request becomes a problem document: {@link Refusal}s, Spring MVC's own refusals
 * (unreadable JSON, bean validation, missing or malformed headers and parameters, media types, methods, unknown
 * paths, sizes) and, last, anything unexpected as a 500 whose detail reveals nothing of the server. A service adds
 * its own exception mappings in an advice ordered before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    static final String UNEXPECTED = "The server failed to answer this request. The failure is logged; "
            + "if the request changes something, check its outcome before sending it again.";
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        log.info("refused: {} ({})", refusal.problemType().slug(), refusal.getMessage());
        return answer(refusal.toProblem());
    }

    /** A multipart request to an API that reads JSON only, e.g. a multipart content type without a boundary. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException exception) {
        return answer(Problems.of(CommonProblems.UNSUPPORTED_MEDIA_TYPE,
                "This API reads JSON bodies only; a multipart body is not accepted."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception, WebRequest request) {
        if (DatabaseUnreachable.causedBy(exception)) {
            log.warn("database unreachable answering {}: {}", describe(request), exception.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnreachable.RETRY_AFTER_SECONDS)
                    .body(DatabaseUnreachable.problem());
        }
        log.error("unexpected failure answering {}", describe(request), exception);
        return answer(Problems.of(CommonProblems.INTERNAL_ERROR, UNEXPECTED));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalid(exception.getFieldErrors().stream()
                .map(error -> new InvalidValue(error.getField(), null,
                        "'" + error.getField() + "' " + error.getDefaultMessage() + "."))
                .toList());
    }

    /** A constraint on a request parameter, path variable or header, e.g. the {@code reason} of a revocation. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidValue> errors = new ArrayList<>();
        for (ParameterValidationResult result : exception.getParameterValidationResults()) {
            if (result instanceof ParameterErrors parameterErrors) {
                parameterErrors.getFieldErrors().forEach(error -> errors.add(new InvalidValue(error.getField(),
                        null, "'" + error.getField() + "' " + error.getDefaultMessage() + ".")));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(error ->
                        errors.add(new InvalidValue(name, null, "'" + name + "' " + error.getDefaultMessage() + ".")));
            }
        }
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = exception.getPropertyName() != null ? exception.getPropertyName() : "value";
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiInstants.InvalidInstant instant) {
                return invalid(List.of(new InvalidValue(name, instant.rule(),
                        "'" + name + "' " + instant.getMessage() + ".")));
            }
        }
        String expected = exception.getRequiredType() != null ? exception.getRequiredType().getSimpleName() : "value";
        return invalid(List.of(new InvalidValue(name, null, "'" + name + "' must be a valid " + expected + ".")));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = exception.getParameterName();
        return invalid(List.of(new InvalidValue(name, null, "Parameter '" + name + "' is required.")));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException exception,
                                                                          HttpHeaders headers,
                                                                          HttpStatusCode status,
                                                                          WebRequest request) {
        if (exception instanceof MissingRequestHeaderException missing) {
            String name = missing.getHeaderName();
            return invalid(List.of(new InvalidValue(name, null, "Header '" + name + "' is required.")));
        }
        return super.handleServletRequestBindingException(exception, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = unreadable(exception);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static ProblemDetail unreadable(HttpMessageNotReadableException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedBody refused) {
                return refused.refusal().toProblem();
            }
        }
        Throwable cause = exception.getCause();
        if (cause instanceof StrictValueException strict) {
            return Problems.invalid(List.of(new InvalidValue(Problems.fieldPath(strict), strict.rule(),
                    "'" + Problems.fieldPath(strict) + "' " + strict.getOriginalMessage() + ".")));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = Problems.fieldPath(unknown);
            ProblemDetail problem = Problems.of(CommonProblems.UNKNOWN_FIELD, "Unknown field '" + field + "'.");
            problem.setProperty("errors", List.of(new InvalidValue(field, "unknown-field",
                    "Unknown field '" + field + "'.")));
            return problem;
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum() && !invalid.getPath().isEmpty()) {
            String field = Problems.fieldPath(invalid);
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return Problems.invalid(List.of(new InvalidValue(field, null,
                    "Field '" + field + "' must be one of " + allowed + ".")));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getCause() instanceof InputCoercionException) {
            String field = Problems.fieldPath(mapping);
            return Problems.invalid(List.of(new InvalidValue(field, null,
                    "Field '" + field + "' is a number out of range" + expected(mapping) + ".")));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = Problems.fieldPath(mapping);
            return Problems.invalid(List.of(new InvalidValue(field, null,
                    "Field '" + field + "' has the wrong type" + expected(mapping) + ".")));
        }
        if (cause instanceof JsonParseException parse && parse.getOriginalMessage() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            return Problems.of(CommonProblems.MALFORMED_REQUEST,
                    "The request body is not valid JSON here: " + parse.getOriginalMessage()
                            + "; every field may appear once.");
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getOriginalMessage() != null
                && mismatch.getOriginalMessage().startsWith("Trailing token")) {
            return Problems.of(CommonProblems.MALFORMED_REQUEST,
                    "The request body must be exactly one JSON value; something follows it.");
        }
        return Problems.of(CommonProblems.MALFORMED_REQUEST, "The request body is missing or is not valid JSON.");
    }

    private static String expected(JsonMappingException mapping) {
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return " (expected " + kind(mismatch.getTargetType()) + ")";
        }
        return "";
    }

    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "an integer";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /**
     * Spring's own refusals (405, 406, 415, 404 of an unknown path, ...) keep their status and detail and get the
     * stable type of their status; a 5xx never shows the exception's text.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && exception instanceof ErrorResponse response) {
            body = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            ProblemType type = CommonProblems.forStatus(statusCode.value());
            problem.setType(type.type());
            problem.setTitle(type.title());
            if (statusCode.is5xxServerError()) {
                log.error("failure answering {}", describe(request), exception);
                problem.setDetail(UNEXPECTED);
            }
        }
        return super.handleExceptionInternal(exception, body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> invalid(List<InvalidValue> errors) {
        return ResponseEntity.badRequest().body(Problems.invalid(errors));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
