package org.releasegovernance.governance.release;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.releasegovernance.events.EventValues;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An integer that becomes part of an event: it must lie within the contract's range ({@link EventValues}), so that
 * every consumer (and the audit log's canonical JSON) holds it exactly.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EventInteger.Validator.class)
@interface EventInteger {

    String message() default EventValues.INTEGER_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a number against {@link EventValues#isAllowedInteger}. */
    class Validator implements ConstraintValidator<EventInteger, Number> {

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            return value == null || EventValues.isAllowedInteger(value.longValue());
        }
    }
}
