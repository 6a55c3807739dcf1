package io.eventflow.catalog;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.platform.domain.NotAllowed;

/**
 * Who may do what with events — the one place these rules are written. The REST API, the web pages and the other
 * modules (bookings' lists and statistics, ticket check-in) ask here instead of comparing ids and roles themselves.
 */
public final class EventPolicy {

    private EventPolicy() {
    }

    /** Organizers and admins publish events; attendees book them. */
    public static boolean mayPublish(@Nullable CurrentUser user) {
        return user != null && (user.role() == Role.ORGANIZER || user.role() == Role.ADMIN);
    }

    public static void requirePublisher(@Nullable CurrentUser user) {
        if (!mayPublish(user)) {
            throw new NotAllowed("Only organizers and admins can publish events");
        }
    }

    /**
     * The event's organizer and admins manage it: change or delete it, see its bookings and statistics, check its
     * tickets in.
     */
    public static boolean mayManage(@Nullable CurrentUser user, UUID organizerId) {
        return user != null && (user.isAdmin() || organizerId.equals(user.id()));
    }

    /** @param action what the caller tried, completing "Only the event's organizer or an admin can …" */
    public static void requireManager(@Nullable CurrentUser user, UUID organizerId, String action) {
        if (!mayManage(user, organizerId)) {
            throw new NotAllowed("Only the event's organizer or an admin can " + action);
        }
    }
}
