package io.eventflow.platform.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;

import org.jspecify.annotations.Nullable;

/** Malformed input: a missing, mistyped or out-of-range field. */
public class InvalidInput extends DomainException {

    public InvalidInput(String detail, List<FieldProblem> errors) {
        super(Kind.INVALID_INPUT, detail, errors);
    }

    public static InvalidInput field(String field, String message) {
        return new InvalidInput("Invalid " + field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    /**
     * Bean-validation violations naming each field in the API's spelling (snake_case), prefixed inside a batch
     * (e.g. {@code events[3].}); null when there are none.
     */
    public static @Nullable InvalidInput of(Collection<? extends ConstraintViolation<?>> violations, String prefix) {
        if (violations.isEmpty()) {
            return null;
        }
        List<FieldProblem> problems = violations.stream()
                .map(v -> new FieldProblem(prefix + snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return new InvalidInput("Invalid fields: "
                + String.join(", ", problems.stream().map(FieldProblem::field).distinct().toList()), problems);
    }

    /** Java property names as the API spells them. */
    public static String snakeCase(@Nullable String javaName) {
        return javaName == null ? "" : javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
