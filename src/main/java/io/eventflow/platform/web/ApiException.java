package io.eventflow.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Modules throw the subclasses; {@link ProblemHandler} turns them
 * into RFC 9457 problem details, so no module builds HTTP error bodies itself.
 */
public abstract class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldProblem> errors;

    protected ApiException(HttpStatus status, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** Response headers the problem needs besides its body (none by default). */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    /** One invalid input field: its JSON name and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    public static final class NotFound extends ApiException {
        public NotFound(String what, Object id) {
            super(HttpStatus.NOT_FOUND, what + " " + id + " does not exist", List.of());
        }
    }

    public static final class Conflict extends ApiException {
        public Conflict(String detail) {
            super(HttpStatus.CONFLICT, detail, List.of());
        }

        public Conflict(String detail, FieldProblem field) {
            super(HttpStatus.CONFLICT, detail, List.of(field));
        }
    }

    public static final class Forbidden extends ApiException {
        public Forbidden(String detail) {
            super(HttpStatus.FORBIDDEN, detail, List.of());
        }
    }

    public static final class Unauthorized extends ApiException {
        public Unauthorized(String detail) {
            super(HttpStatus.UNAUTHORIZED, detail, List.of());
        }
    }

    public static class BadRequest extends ApiException {
        public BadRequest(String detail, List<FieldProblem> errors) {
            super(HttpStatus.BAD_REQUEST, detail, errors);
        }

        public static BadRequest field(String field, String message) {
            return new BadRequest("Invalid " + field + ": " + message, List.of(new FieldProblem(field, message)));
        }

        /**
         * Bean-validation violations as a 400 naming each field in API spelling, prefixed inside a batch
         * (e.g. {@code events[3].}); null when there are none.
         */
        public static BadRequest of(java.util.Collection<? extends jakarta.validation.ConstraintViolation<?>> violations,
                String prefix) {
            if (violations.isEmpty()) {
                return null;
            }
            List<FieldProblem> problems = violations.stream()
                    .map(v -> new FieldProblem(prefix + JsonNames.snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(FieldProblem::field))
                    .toList();
            return new BadRequest("Invalid fields: "
                    + String.join(", ", problems.stream().map(FieldProblem::field).distinct().toList()), problems);
        }
    }

    /** A {@code Range} that is malformed or starts past the end of the content ({@code Content-Range} gives its length). */
    public static final class RangeNotSatisfiable extends ApiException {
        private final long length;

        public RangeNotSatisfiable(String detail, long length) {
            super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, detail, List.of());
            this.length = length;
        }

        @Override
        public java.util.Map<String, String> headers() {
            return java.util.Map.of("Content-Range", "bytes */" + length);
        }
    }

    public static final class Unprocessable extends ApiException {
        public Unprocessable(String detail, List<FieldProblem> errors) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, detail, errors);
        }
    }
}
