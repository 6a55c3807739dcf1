package io.eventflow.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records EventFlow's domain events published in a test context, from whichever thread serves the
 * request (Spring's {@code @RecordApplicationEvents} sees only the test's own thread).
 */
@Component
public class DomainEvents {

    private final List<Object> published = new CopyOnWriteArrayList<>();

    @EventListener
    void record(Object event) {
        if (event.getClass().getPackageName().startsWith("io.eventflow")) {
            published.add(event);
        }
    }

    public <T> Stream<T> of(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast);
    }
}
