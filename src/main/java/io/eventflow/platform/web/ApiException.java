package io.eventflow.platform.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import io.eventflow.platform.domain.FieldProblem;

/**
 * A failure of the HTTP exchange itself that only a controller can see (a {@code Range} that cannot be served),
 * as opposed to a refusal by the domain, which is a {@link io.eventflow.platform.domain.DomainException}.
 * {@link ProblemHandler} turns both into RFC 9457 problem details.
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
    public Map<String, String> headers() {
        return Map.of();
    }

    /** A {@code Range} that is malformed or starts past the end of the content ({@code Content-Range} gives its length). */
    public static final class RangeNotSatisfiable extends ApiException {
        private final long length;

        public RangeNotSatisfiable(String detail, long length) {
            super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, detail, List.of());
            this.length = length;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Content-Range", "bytes */" + length);
        }
    }

    /**
     * A precondition of the request ({@code If-Match}, {@code If-Unmodified-Since}) does not hold for the current
     * state of the resource: nothing was done. The client reads the resource again and decides anew.
     */
    public static final class PreconditionFailed extends ApiException {

        public PreconditionFailed(String detail) {
            super(HttpStatus.PRECONDITION_FAILED, detail, List.of());
        }
    }
}
