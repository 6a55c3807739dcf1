package io.eventflow.platform.paging;

import java.util.List;
import java.util.function.Function;

/** The one list envelope of the API: {@code {items, page, size, total}}. */
public record PageView<T>(List<T> items, int page, int size, long total) {

    public <R> PageView<R> map(Function<T, R> mapper) {
        return new PageView<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
