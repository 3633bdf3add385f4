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
import java.util.Optional;

/**
 * Text that becomes part of an event: it must follow the contract's text rule ({@link EventValues}), so that every
 * consumer stores it unchanged. The refusal names the rule and the first offending character.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EventText.Validator.class)
@interface EventText {

    String message() default EventValues.TEXT_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a string against {@link EventValues#textProblem}. */
    class Validator implements ConstraintValidator<EventText, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            Optional<String> problem = EventValues.textProblem(value);
            if (problem.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // the problem names only a code point and an index: nothing the message interpolation would evaluate
            context.buildConstraintViolationWithTemplate(EventValues.TEXT_RULE + "; it " + problem.get())
                    .addConstraintViolation();
            return false;
        }
    }
}
