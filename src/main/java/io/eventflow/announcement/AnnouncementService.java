package io.eventflow.announcement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.platform.ratelimit.NamedLimit;
import io.eventflow.platform.ratelimit.RateLimits;

/**
 * Stores an announcement and publishes it in one transaction; the notification module tells the participants after
 * the commit, from the outbox. The order of the checks is who, then what, then how often: a refused or malformed
 * request does not use up the organizer's allowance.
 */
@Service
class AnnouncementService implements Announcements {

    private final AnnouncementRepository repository;
    private final EventCatalog catalog;
    private final Bookings bookings;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final NamedLimit perOrganizerAndEvent;

    AnnouncementService(AnnouncementRepository repository, EventCatalog catalog, Bookings bookings, IdGenerator ids,
            Clock clock, ApplicationEventPublisher events, RateLimits limits, AnnouncementProperties properties) {
        this.repository = repository;
        this.catalog = catalog;
        this.bookings = bookings;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.perOrganizerAndEvent = limits.define("announcements", properties.burst(), properties.burst(), properties.period());
    }

    @Override
    @Transactional
    public AnnouncementView send(CurrentUser actor, UUID eventId, AnnouncementRequest request) {
        EventSnapshot event = event(eventId);
        EventPolicy.requireManager(actor, event.organizerId(), "send announcements to its participants");
        String subject = request.subject() == null ? "" : request.subject().strip();
        String body = request.body() == null ? "" : request.body().strip();
        List<FieldProblem> problems = new ArrayList<>();
        check(problems, "subject", subject, MAX_SUBJECT);
        check(problems, "body", body, MAX_BODY);
        if (subject.indexOf('\n') >= 0 || subject.indexOf('\r') >= 0) {
            problems.add(new FieldProblem("subject", "must be a single line"));
        }
        Audience audience = audience(request.audience(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput("The announcement is not valid", problems);
        }
        var outcome = perOrganizerAndEvent.tryConsume("event:" + eventId + ":user:" + actor.id());
        if (!outcome.allowed()) {
            throw new TooManyAnnouncements(outcome.retryAfter());
        }
        AnnouncementView announcement = new AnnouncementView(ids.next(), eventId, actor.id(), subject, body,
                audience, clock.instant());
        repository.insert(announcement);
        events.publishEvent(new AnnouncementPublished(announcement.id(), eventId, actor.id(), subject, body, audience,
                announcement.createdAt()));
        return announcement;
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<AnnouncementView> history(CurrentUser actor, UUID eventId, Paging paging) {
        if (!mayRead(actor, eventId)) {
            throw new NotAllowed("Only the event's organizer, an admin and its participants can read its announcements");
        }
        return new PageView<>(repository.page(eventId, paging.size(), paging.offset()), paging.page(), paging.size(),
                repository.count(eventId));
    }

    @Override
    public boolean mayRead(CurrentUser actor, UUID eventId) {
        EventSnapshot event = event(eventId);
        // the waitlisted are told too (audience confirmed_and_waitlisted), so they may read what they were told
        return EventPolicy.mayManage(actor, event.organizerId()) || bookings.activeBooking(actor, eventId).isPresent();
    }

    /** In the deleting transaction: the history goes with its event. */
    @EventListener
    void on(EventDeleted deleted) {
        repository.deleteOfEvent(deleted.event().id());
    }

    private EventSnapshot event(UUID eventId) {
        return catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
    }

    private static void check(List<FieldProblem> problems, String field, String value, int max) {
        if (value.isEmpty()) {
            problems.add(new FieldProblem(field, "must not be blank"));
        } else if (value.length() > max) {
            problems.add(new FieldProblem(field, "size must be between 1 and " + max));
        }
    }

    private static Audience audience(@Nullable String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return Audience.CONFIRMED;
        }
        try {
            return Audience.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("audience", "must be confirmed or confirmed_and_waitlisted"));
            return Audience.CONFIRMED;
        }
    }
}
