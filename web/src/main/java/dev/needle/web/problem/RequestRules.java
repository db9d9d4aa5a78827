package dev.needle.web.problem;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * The rules of a request record applied where no resource parameter carries {@code @Valid}: page forms build the same
 * records the API takes and must be held to the same lengths and ranges. A broken rule is the same 400 naming the
 * field that the API answers ({@link ProblemMappers#invalid}), as a {@link ProblemException} a page shows by its input.
 */
@ApplicationScoped
public class RequestRules {

    @Inject
    Validator validator;

    public <T> T check(T request) {
        // What the API's JSON reader refuses in any string (StrictJson), a form's field must not slip in either.
        if (request instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object value = value(component, record);
                List<?> values = value instanceof List<?> list ? list : Collections.singletonList(value);
                if (values.stream().anyMatch(v -> v instanceof String text && text.indexOf('\u0000') >= 0))
                    throw ProblemException.badRequest(component.getName(), "contains a NUL character");
            }
        }
        validator.validate(request).stream()
                .min(Comparator.comparing((ConstraintViolation<T> v) -> ProblemMappers.field(v.getPropertyPath()))
                        .thenComparing(ConstraintViolation::getMessage))
                .ifPresent(v -> {
                    throw ProblemException.badRequest(ProblemMappers.field(v.getPropertyPath()), v.getMessage());
                });
        return request;
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
