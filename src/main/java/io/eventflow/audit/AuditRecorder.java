package io.eventflow.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingCheckedIn;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.SignedInUsers;
import io.eventflow.identity.UserDeleted;
import io.eventflow.identity.UserRoleChanged;
import io.eventflow.identity.UserUpdated;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.RequestOrigin;

/**
 * Writes the audit entries from the other modules' domain events.
 * <p>
 * Plain {@code @EventListener}s, not Spring Modulith's after-commit {@code @ApplicationModuleListener}s: they run in the
 * publisher's thread and inside its transaction ({@code MANDATORY}: never in one of their own), so an entry commits
 * exactly when the change does and is rolled back with it — neither lost after a commit nor left behind by a rollback,
 * with no outbox, retry or de-duplication needed. The publisher's thread is also the one that knows the signed-in user
 * and the request's address; an after-commit listener runs on the outbox's pool, where both are gone. The price: a
 * failing insert fails the change itself, which is what an audit log that must not miss a change asks for.
 */
@Component
class AuditRecorder {

    private static final int MAX_TITLE = 200;

    private final AuditRepository entries;
    private final IdGenerator ids;

    AuditRecorder(AuditRepository entries, IdGenerator ids) {
        this.entries = entries;
        this.ids = ids;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(UserRoleChanged changed) {
        record(AuditAction.USER_ROLE_CHANGED, changed.userId(), changed.occurredAt(),
                detail("from", changed.oldRole().wireName(), "to", changed.newRole().wireName()));
    }

    /** Only an admin's change of someone else's account: a user changing their own is everyday business. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(UserUpdated updated) {
        Optional<CurrentUser> actor = SignedInUsers.current();
        if (actor.isPresent() && actor.get().isAdmin() && !actor.get().id().equals(updated.userId())) {
            record(AuditAction.USER_UPDATED_BY_ADMIN, updated.userId(), updated.occurredAt(),
                    detail("fields", updated.fields()));
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(UserDeleted deleted) {
        record(AuditAction.USER_DELETED, deleted.userId(), deleted.occurredAt(), Map.of());
    }

    /**
     * A cancellation, by whoever (the system cancels a deleted organizer's events); any other change only when an admin
     * made it to someone else's event — the organizer editing their own is everyday business, not for the audit.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EventUpdated updated) {
        EventSnapshot event = updated.event();
        EventUpdated.FieldChange status = updated.changes().get("status");
        if (status != null && status.newValue() == EventStatus.CANCELLED) {
            record(AuditAction.EVENT_CANCELLED, event.id(), updated.occurredAt(), eventDetail(event));
            return;
        }
        Optional<CurrentUser> actor = SignedInUsers.current();
        if (actor.isPresent() && actor.get().isAdmin() && !actor.get().id().equals(event.organizerId())) {
            Map<String, Object> detail = eventDetail(event);
            detail.put("fields", updated.changes().keySet().stream().toList());
            record(AuditAction.EVENT_UPDATED_BY_ADMIN, event.id(), updated.occurredAt(), detail);
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EventDeleted deleted) {
        Map<String, Object> detail = eventDetail(deleted.event());
        detail.put("status", deleted.event().status().wireName());
        record(AuditAction.EVENT_DELETED, deleted.event().id(), deleted.occurredAt(), detail);
    }

    /**
     * Only when someone other than the holder cancelled it (the event's organizer or an admin). Bookings cancelled
     * because their event went away are in that event's entry; a holder cancelling their own is everyday business.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(BookingCancelled cancelled) {
        if (cancelled.byEventDeletion()) {
            return;
        }
        Optional<CurrentUser> actor = SignedInUsers.current();
        if (actor.isPresent() && !actor.get().id().equals(cancelled.userId())) {
            record(AuditAction.BOOKING_CANCELLED_BY_MANAGER, cancelled.bookingId(), cancelled.occurredAt(),
                    detail("event_id", cancelled.eventId().toString(), "user_id", cancelled.userId().toString(),
                            "had_seat", cancelled.hadSeat()));
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(BookingCheckedIn checkedIn) {
        record(AuditAction.BOOKING_CHECKED_IN, checkedIn.bookingId(), checkedIn.occurredAt(),
                detail("event_id", checkedIn.eventId().toString(), "user_id", checkedIn.userId().toString(),
                        "method", checkedIn.method().name().toLowerCase(java.util.Locale.ROOT)));
    }

    private void record(AuditAction action, UUID target, Instant at, Map<String, ?> detail) {
        Optional<CurrentUser> actor = SignedInUsers.current();
        Optional<RequestOrigin> origin = RequestOrigin.current();
        entries.insert(new AuditRepository.NewEntry(ids.next(), at, actor.map(CurrentUser::id).orElse(null),
                actor.map(CurrentUser::username).orElse(null), origin.map(RequestOrigin::clientAddress).orElse(null),
                origin.map(RequestOrigin::requestId).orElse(null), action, target, detail));
    }

    private static Map<String, Object> eventDetail(EventSnapshot event) {
        String title = event.title().length() <= MAX_TITLE ? event.title() : event.title().substring(0, MAX_TITLE) + "…";
        return detail("title", title, "organizer_id", event.organizerId().toString());
    }

    private static Map<String, Object> detail(Object... keysAndValues) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            detail.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return detail;
    }
}
