package io.eventflow.realtime;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.eventflow.catalog.EventCreated;
import io.eventflow.catalog.EventsCreated;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventUpdated;

/** Catalog changes to {@code /ws/events} and to the event's own channel, after they commit. */
@Component
class CatalogFeed {

    private final Broadcaster broadcaster;
    private final AvailabilityFeed availability;

    CatalogFeed(Broadcaster broadcaster, AvailabilityFeed availability) {
        this.broadcaster = broadcaster;
        this.availability = availability;
    }

    @EventListener
    void on(EventCreated created) {
        broadcaster.toAll("event_created", created.event());
    }

    /** The same frame for each as for an event published alone: clients see no difference. */
    @EventListener
    void on(EventsCreated created) {
        broadcaster.eachToAll("event_created", created.events());
    }

    @EventListener
    void on(EventUpdated updated) {
        Map<String, Object> changes = new LinkedHashMap<>();
        updated.changes().forEach((field, change) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("old", change.oldValue());
            values.put("new", change.newValue());
            changes.put(field, values);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", updated.event().id());
        data.put("changes", changes);
        data.put("event", updated.event());
        broadcaster.toAll("event_updated", data);
        broadcaster.toEvent(updated.event().id(), "event_updated", data);
        if (updated.changes().containsKey("capacity")) {
            availability.changed(updated.event().id());
        }
    }

    @EventListener
    void on(EventDeleted deleted) {
        Map<String, Object> data = Map.of("id", deleted.event().id());
        broadcaster.toAll("event_deleted", data);
        broadcaster.toEvent(deleted.event().id(), "event_deleted", data);
    }
}
