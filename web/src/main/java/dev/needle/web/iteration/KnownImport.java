package dev.needle.web.iteration;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.needle.activities.imports.Imports;

/**
 * The id of an import that exists, checked with the request's other rules and so before any state is: an id of -1 or
 * 10^12 is a 400 even while a round runs. Which dataset and kind it must be is the domain's check, once the dataset is
 * chosen.
 */
@Documented
@Constraint(validatedBy = KnownImport.Check.class)
@Target({ FIELD, METHOD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface KnownImport {

    String message() default "is not the id of an import (see GET …/imports)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @ApplicationScoped
    class Check implements ConstraintValidator<KnownImport, Long> {

        @Inject
        Imports imports;

        @Override
        public boolean isValid(Long id, ConstraintValidatorContext context) {
            return id == null || id > 0 && imports.exists(id);
        }
    }
}
