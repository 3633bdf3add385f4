package org.releasegovernance.problems;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

import java.lang.annotation.Annotation;
import java.util.Arrays;

/**
 * What the API documents read off a controller method to say which problems an operation can answer with: written
 * once for the three services' OpenAPI configurations.
 */
public final class OperationFacts {

    private OperationFacts() {
    }

    /** Anything but a GET: a write, which may take an {@code Idempotency-Key} and break a rule. */
    public static boolean isWrite(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && Arrays.stream(mapping.method()).anyMatch(method -> method != RequestMethod.GET);
    }

    /** Whether a parameter carries the annotation, e.g. a body, a query parameter or a path variable. */
    public static boolean takes(HandlerMethod handler, Class<? extends Annotation> kind) {
        return Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(kind));
    }

    /** A path variable that is not text (a replay's number, a UUID) is refused with 400 when it does not parse. */
    public static boolean hasTypedPathVariable(HandlerMethod handler) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(parameter ->
                parameter.hasParameterAnnotation(PathVariable.class) && parameter.getParameterType() != String.class);
    }

    /** The feature the controller belongs to, its package's last part: the operation's tag. */
    public static String feature(HandlerMethod handler) {
        String pkg = handler.getBeanType().getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }
}
