package dev.needle.web.dataset;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A folder below the datasets root, named by its path from there: {@code fashion/v2}. Not the root itself ({@code .}
 * took in every dataset of every project), not absolute, no {@code ..} and no control character (a NUL was a 500 from
 * the file system). The domain still resolves it and checks that it exists and stays inside the root through links.
 */
@Documented
@Constraint(validatedBy = RelativeFolder.Check.class)
@Target({ FIELD, METHOD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface RelativeFolder {

    String message() default "must be a folder inside the datasets root, as a relative path such as fashion/v2";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<RelativeFolder, String> {

        @Override
        public boolean isValid(String folder, ConstraintValidatorContext context) {
            if (folder == null)
                return true; // @NotBlank says whether it is required
            String wrong = wrong(folder);
            if (wrong == null)
                return true;
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(wrong).addConstraintViolation();
            return false;
        }

        private static String wrong(String folder) {
            if (folder.chars().anyMatch(Character::isISOControl))
                return "must not contain control characters";
            if (folder.startsWith("/") || folder.startsWith("\\") || folder.matches("[A-Za-z]:.*"))
                return "must be relative to the datasets root, not absolute";
            if (folder.contains("\\"))
                return "separates folders with '/', not '\\\\'";
            String path = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
            if (path.equals(".") || path.isEmpty())
                return "names a folder below the datasets root, not the root itself";
            for (String part : path.split("/", -1)) {
                if (part.equals(".."))
                    return "must stay inside the datasets root: no '..'";
                if (part.isEmpty() || part.equals("."))
                    return "must be a plain relative path: no empty or '.' part";
            }
            return null;
        }
    }
}
