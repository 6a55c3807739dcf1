package io.eventflow.platform.domain;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A request the domain refuses, said in the domain's words and free of any transport. Modules throw the
 * kinds below or their named rules ({@code EventStarted}, {@code SeatsBelowBooked}, {@code AlreadyBooked}, …);
 * each edge translates the {@link Kind} into its own answer: the REST API into problem details, the web pages into
 * an error page or form errors, a compatibility adapter into its source API's error shape.
 */
public abstract class DomainException extends RuntimeException {

    /** What went wrong, from the caller's side: the one thing every edge needs to choose its answer. */
    public enum Kind {
        /** The input is malformed or out of its allowed range; {@link #errors()} names the fields. */
        INVALID_INPUT,
        /** The caller is not who they claim, or claims nobody where someone is needed. */
        NOT_AUTHENTICATED,
        /** The caller is known but may not do this. */
        NOT_ALLOWED,
        NOT_FOUND,
        /** The current state of what the request touches forbids it (started, full, already done, changed meanwhile). */
        CONFLICT,
        /** Well-formed, but a rule about the world says no (outside the geofence, a forged ticket code). */
        RULE_VIOLATED,
        /** The content is larger than its limit. */
        TOO_LARGE,
        /** The content is not of a kind that is accepted. */
        UNSUPPORTED_CONTENT,
        /** Temporarily unable to take more of this work; the same request may succeed a moment later. */
        BUSY,
        /** This caller (or this account) tried too often; it may try again after {@link #retryAfter()}. */
        TOO_MANY_ATTEMPTS
    }

    private final Kind kind;
    private final List<FieldProblem> errors;

    protected DomainException(Kind kind, String detail) {
        this(kind, detail, List.of());
    }

    protected DomainException(Kind kind, String detail, List<FieldProblem> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * How long until the same request may succeed, when the refusal knows it (a throttled sign-in); a moment for
     * {@link Kind#BUSY}, whose work frees up in about that time; null otherwise. Edges that can say so pass it on
     * (HTTP's {@code Retry-After}).
     */
    public @Nullable Duration retryAfter() {
        return kind == Kind.BUSY ? BUSY_RETRY : null;
    }

    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    /** The fields at fault, in the API's spelling; empty when the refusal is not about particular fields. */
    public List<FieldProblem> errors() {
        return errors;
    }
}
