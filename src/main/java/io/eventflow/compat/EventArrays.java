package io.eventflow.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventListing;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;
import io.eventflow.platform.domain.DomainException;

/**
 * The old APIs answer "all events" with one bare JSON array. It is streamed: each event goes from the database cursor
 * ({@link EventCatalog#forEach}) through its dialect's shape straight into the response, so memory stays flat however
 * large the catalog is (bench/compat shows it at 100,000 events). Each stream holds a database connection while the
 * client reads, so only {@code eventflow.compat.concurrent-lists} run at once per node; the next one waits briefly,
 * then is told to retry.
 */
@Component
@CompatEnabled
class EventArrays {

    private final EventCatalog catalog;
    private final JsonMapper json;
    private final Semaphore streams;

    EventArrays(EventCatalog catalog, JsonMapper json, CompatProperties properties) {
        this.catalog = catalog;
        this.json = json;
        this.streams = new Semaphore(Math.max(1, properties.concurrentLists()), true);
    }

    /**
     * Writes every event of the listing as {@code shape} makes it. A listing the catalog refuses (an unknown field, a
     * malformed value) is refused before the first byte, so the client gets a clean error instead of a cut array.
     */
    void write(HttpServletResponse response, EventListing listing, Function<EventView, ?> shape) throws IOException {
        stream(response, each -> catalog.forEach(listing, each), shape);
    }

    /** Every event the search finds, likewise, in its order (its page and size are ignored: the list is whole). */
    void write(HttpServletResponse response, EventSearchRequest search, Function<EventView, ?> shape)
            throws IOException {
        stream(response, each -> catalog.forEach(search, each), shape);
    }

    private void stream(HttpServletResponse response, Consumer<Consumer<EventView>> events, Function<EventView, ?> shape)
            throws IOException {
        acquire();
        try {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            Array array = new Array(response);
            events.accept(view -> array.add(shape.apply(view)));
            array.close();
        } finally {
            streams.release();
        }
    }

    private void acquire() {
        try {
            if (!streams.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new ListsBusy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListsBusy();
        }
    }

    /** Opens the array only with the first element: until then nothing is written and an error can still be sent. */
    private final class Array {

        private final HttpServletResponse response;
        private @Nullable JsonGenerator generator;

        Array(HttpServletResponse response) {
            this.response = response;
        }

        void add(Object element) {
            generator().writePOJO(element);
        }

        void close() {
            JsonGenerator open = generator();
            open.writeEndArray();
            open.close();
        }

        private JsonGenerator generator() {
            if (generator == null) {
                try {
                    generator = json.createGenerator(response.getOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                generator.writeStartArray();
            }
            return generator;
        }
    }

    static final class ListsBusy extends DomainException {
        ListsBusy() {
            super(Kind.BUSY, "Too many whole-catalog lists are being sent right now; try again in a moment");
        }
    }
}
