package io.eventflow.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.web.PageView;

/**
 * The catalog's public API: the REST controller, the web UI and other modules all go through it, so
 * the rules (who may publish, started events are frozen, stale versions are refused) hold everywhere.
 * Failures are {@link io.eventflow.platform.web.ApiException}s.
 */
public interface EventCatalog {

    Optional<EventSnapshot> find(UUID eventId);

    EventView view(UUID eventId);

    PageView<EventView> search(EventSearchRequest request);

    EventView create(CurrentUser organizer, EventInput input);

    /** All or nothing, at most {@link EventDtos#MAX_BATCH} events. */
    List<EventView> createBatch(CurrentUser organizer, List<EventInput> inputs);

    EventView update(CurrentUser actor, UUID eventId, EventInput input);

    void delete(CurrentUser actor, UUID eventId);

    /** Whether the user may change the event: its organizer or an admin. */
    default boolean mayChange(CurrentUser user, EventSnapshot event) {
        return user != null && (user.isAdmin() || event.organizerId().equals(user.id()));
    }
}
