package io.eventflow.platform.paging;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.domain.InvalidInput;

/**
 * Page parameters as clients send them, made safe: a negative page is refused, a size above the
 * hard maximum is capped (and the envelope says which size was used).
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static Paging of(@Nullable Integer page, @Nullable Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw InvalidInput.field("page", "must be 0 or more");
        }
        if (s < 1) {
            throw InvalidInput.field("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) p * Math.min(s, MAX_SIZE) > 1_000_000) {
            throw InvalidInput.field("page", "is too deep; narrow the search instead");
        }
        return new Paging(p, Math.min(s, MAX_SIZE));
    }

    public long offset() {
        return (long) page * size;
    }
}
