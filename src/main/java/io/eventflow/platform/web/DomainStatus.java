package io.eventflow.platform.web;

import org.springframework.http.HttpStatus;

import io.eventflow.platform.domain.DomainException;

/**
 * The HTTP status of each kind of domain refusal, for every edge that answers over HTTP (the API's problem details,
 * the web pages' error page). A new kind does not compile until it has one here.
 */
public final class DomainStatus {

    private DomainStatus() {
    }

    public static HttpStatus of(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case NOT_AUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RULE_VIOLATED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_CONTENT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            case TOO_MANY_ATTEMPTS -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }
}
