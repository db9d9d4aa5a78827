package dev.needle.web.iteration;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An instant ahead of now, by at most {@link #days()}: a deadline a billion years out overflowed the workflow's
 * millisecond arithmetic and left the round stuck, where a duration is bounded by {@code @DurationMax} the same way.
 */
@Documented
@Constraint(validatedBy = Ahead.Check.class)
@Target({ FIELD, METHOD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface Ahead {

    long days();

    String message() default "must be ahead of now by at most {days} days, e.g. 2030-01-01T09:00:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Ahead, Instant> {

        private Duration most;

        @Override
        public void initialize(Ahead ahead) {
            most = Duration.ofDays(ahead.days());
        }

        @Override
        public boolean isValid(Instant instant, ConstraintValidatorContext context) {
            if (instant == null)
                return true;
            Duration ahead = Duration.between(Instant.now(), instant);
            if (ahead.isNegative() || ahead.isZero()) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("is in the past: give an instant ahead, e.g. "
                        + "2030-01-01T09:00:00Z").addConstraintViolation();
                return false;
            }
            return ahead.compareTo(most) <= 0;
        }
    }
}
