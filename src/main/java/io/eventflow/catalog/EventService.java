package io.eventflow.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import jakarta.persistence.EntityManager;
import jakarta.validation.Validator;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;


import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDeleted;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.PageView;

/**
 * The rules of the catalog, shared by the API and the web UI: who may publish and change events,
 * that a started event is frozen, that a stale version is refused. Every change publishes a domain
 * event in the same transaction, for the modules that notify, push and keep feeds.
 */
@Service
class EventService implements EventCatalog {

    private final EventRepository events;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final EventSearch search;
    private final Validator validator;
    private final SeatCounter seats;
    private final EventSnapshotQueries snapshots;
    private final EventPatches patches;
    private final EntityManager entities;
    private final EventInserts inserts;

    EventService(EventRepository events, EventSearch search, IdGenerator ids, Clock clock, ApplicationEventPublisher publisher,
            Validator validator, SeatCounter seats, EventPatches patches, EventSnapshotQueries snapshots, EntityManager entities, EventInserts inserts) {
        this.entities = entities;
        this.inserts = inserts;
        this.seats = seats;
        this.snapshots = snapshots;
        this.patches = patches;
        this.validator = validator;
        this.events = events;
        this.search = search;
        this.ids = ids;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** All or nothing: one invalid item fails the batch, naming its index, and nothing is stored. */
    private List<Event> createAll(CurrentUser organizer, List<EventInput> inputs, @Nullable String singlePrefix) {
        EventPolicy.requirePublisher(organizer);
        Instant now = clock.instant();
        List<Event> created = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String prefix = singlePrefix != null ? singlePrefix : "events[" + i + "].";
            validate(inputs.get(i), prefix);
            created.add(new Event(ids.next(), organizer.id(), EventInputs.parse(inputs.get(i), prefix, now), now));
        }
        if (created.size() == 1) {
            return insert(created, now);
        }
        store(created);
        publisher.publishEvent(new EventsCreated(created.stream().map(Event::snapshot).toList(), now));
        return created;
    }

    /**
     * Stores new events and announces each ({@link EventCreated}), in the caller's transaction: a single create's, and
     * a series' occurrences (marked {@code inBatch} when there are several).
     */
    List<Event> insert(List<Event> created, Instant now) {
        store(created);
        boolean inBatch = created.size() > 1;
        created.forEach(event -> publisher.publishEvent(new EventCreated(event.snapshot(), now, inBatch)));
        return created;
    }

    private void store(List<Event> created) {
        entities.flush(); // what Hibernate holds for this transaction first: a series' row, which occurrences refer to
        inserts.insert(created); // numbered by the database, so the answer carries each event's number
    }

    @Transactional(readOnly = true)
    Event get(UUID id) {
        return events.findById(id).orElseThrow(() -> new EventNotFound(id));
    }

    /**
     * JSON merge patch, merged and written in one transaction: a change committed by someone else between
     * reading and writing makes the version check fail (409) instead of being overwritten.
     *
     * @param versionMatch the versions the caller's precondition accepts ({@code If-Match}), null for none; checked
     *                     after who may change the event and whether it still can be, as a refusal without the
     *                     precondition would come first
     */
    @Transactional
    EventView patch(CurrentUser actor, UUID id, tools.jackson.databind.JsonNode patch, @Nullable LongPredicate versionMatch) {
        Event event = get(id);
        requireOwner(actor, event);
        requireChangeable(event, clock.instant(), versionMatch);
        return EventViewMapper.of(change(actor, id, patches.merge(event, patch), versionMatch));
    }

    private Event change(CurrentUser actor, UUID id, EventInput input, @Nullable LongPredicate versionMatch) {
        Instant now = clock.instant();
        Event event = get(id);
        requireOwner(actor, event);
        requireChangeable(event, now, versionMatch);
        if (input.version() != null && input.version() != event.version()) {
            throw new StaleEventVersion(input.version(), event.version());
        }
        validate(input, "");
        EventData data = EventInputs.parse(input, "", now, event.snapshot().status());
        return rewrite(event, data, now);
    }

    /**
     * Writes new data over an event whose caller was checked, as an organizer's change does: refused once it has
     * started, never brings a cancelled event back, never below the seats taken; participants are told of changes.
     * Also how a series' "this and following" change reaches each occurrence.
     */
    Event rewrite(Event event, EventData data, Instant now) {
        UUID id = event.id();
        if (event.snapshot().hasStarted(now)) {
            throw new EventStarted("The event started at " + event.startTime() + " and can no longer be changed");
        }
        if (event.snapshot().status() == EventStatus.CANCELLED && data.status() != EventStatus.CANCELLED) {
            // Cancelling is final: it cancelled every booking and told the participants so. Scheduling the event again
            // would bring back an empty event they were told is off; a new event is the honest way to re-run it.
            throw new EventCancelled("The event is cancelled and cannot be scheduled again; its bookings were "
                    + "cancelled and its participants told. Publish a new event instead",
                    new FieldProblem("status", "cannot change from cancelled"));
        }
        seats.ensureCapacityCoversSeats(id, data.capacity());
        Map<String, EventUpdated.FieldChange> changes = event.apply(data, now);
        if (!changes.isEmpty()) {
            events.saveAndFlush(event); // bumps the version now, so the response carries it
            publisher.publishEvent(new EventUpdated(event.snapshot(), changes, now));
            // the booking module's listeners ran in this transaction and may have moved seats (a raised capacity
            // promotes the waiting list, a cancellation frees every seat): the answer shows the counts as they now are
            entities.refresh(event);
        }
        return event;
    }

    private static void requireChangeable(Event event, Instant now, @Nullable LongPredicate versionMatch) {
        if (event.snapshot().hasStarted(now)) {
            throw new EventStarted("The event started at " + event.startTime() + " and can no longer be changed");
        }
        if (versionMatch != null && !versionMatch.test(event.version())) {
            throw new EventVersionMismatch(event.version());
        }
    }

    @Override
    @Transactional
    public void delete(CurrentUser actor, UUID id) {
        Event event = get(id);
        requireOwner(actor, event);
        remove(event, clock.instant());
    }

    /** Deletes an event whose caller was checked and announces it: its bookings are cancelled, participants told. */
    void remove(Event event, Instant now) {
        EventSnapshot last = event.snapshot();
        events.delete(event);
        events.flush();
        publisher.publishEvent(new EventDeleted(last, now));
    }

    /**
     * A deleted organizer can no longer run their events, and API.md keeps the catalog's records (an account is
     * anonymised, not erased): their upcoming events are cancelled as the organizer would cancel them, so participants
     * are told and their bookings cancelled (the booking module reacts to the status change). Started events are
     * frozen and stay as they are. After the deletion commits, from the outbox; run again, it finds nothing scheduled.
     * Events are locked in id order, as the booking module's clean-up of the same account locks them.
     */
    @ApplicationModuleListener
    void on(UserDeleted deleted) {
        Instant now = clock.instant();
        for (Event event : events.upcomingOf(deleted.userId(), now, EventStatus.SCHEDULED)) {
            seats.lock(event.id()); // the event's row first, as every change of its seats
            Map<String, EventUpdated.FieldChange> changes = event.cancel(now);
            if (!changes.isEmpty()) {
                events.saveAndFlush(event);
                publisher.publishEvent(new EventUpdated(event.snapshot(), changes, now));
            }
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<EventSnapshot> find(UUID eventId) {
        return snapshots.find(eventId);
    }

    @Override
    @Transactional(readOnly = true)
    public List<EventSnapshot> startingBetween(Instant from, Instant to) {
        return events.startingBetween(from, to, EventStatus.CANCELLED).stream().map(Event::snapshot).toList();
    }

    @Override
    public EventView view(UUID eventId) {
        return search.byId(eventId).orElseThrow(() -> new EventNotFound(eventId));
    }

    @Override
    public EventView viewByNumber(long number) {
        return search.byNumber(number).orElseThrow(() -> new EventNotFound(number));
    }

    @Override
    public UUID idByNumber(long number) {
        return search.idByNumber(number).orElseThrow(() -> new EventNotFound(number));
    }

    /** Checked and parsed first: a refusal comes before the statement runs, so before the caller wrote anything. */
    @Override
    public void forEach(EventListing listing, Consumer<EventView> each) {
        search.forEach(EventListingQuery.parse(listing), each);
    }

    @Override
    public PageView<EventView> search(EventSearchRequest r) {
        return search.search(query(r));
    }

    /** Checked and parsed first, as the listing above. */
    @Override
    public void forEach(EventSearchRequest request, Consumer<EventView> each) {
        search.forEach(query(request), each);
    }

    private static EventQuery query(EventSearchRequest r) {
        return EventQuery.parse(r.q(), r.location(), r.category(), r.organizerId(), r.from(), r.to(), r.near(),
                r.radiusKm(), r.where(), r.sort(), r.page(), r.size(), r.maxPrice(), r.free());
    }

    @Override
    @Transactional
    public EventView create(CurrentUser organizer, EventInput input) {
        return EventViewMapper.of(createAll(organizer, List.of(input), "").getFirst());
    }

    @Override
    @Transactional
    public List<EventView> createBatch(CurrentUser organizer, List<EventInput> inputs) {
        if (inputs.size() > EventDtos.MAX_BATCH) {
            throw InvalidInput.field("events", "at most " + EventDtos.MAX_BATCH + " events per batch");
        }
        return createAll(organizer, inputs, null).stream().map(EventViewMapper::of).toList();
    }

    @Override
    @Transactional
    public EventView update(CurrentUser actor, UUID eventId, EventInput input) {
        return update(actor, eventId, input, null);
    }

    /** {@link #update}, if the event's version is one {@code versionMatch} accepts (see {@link #patch}). */
    @Transactional
    EventView update(CurrentUser actor, UUID eventId, EventInput input, @Nullable LongPredicate versionMatch) {
        return EventViewMapper.of(change(actor, eventId, input, versionMatch));
    }

    /** The version and seat counts of an event, without the rest of its row: what a conditional read compares. */
    Optional<EventRevision> revision(UUID eventId) {
        return search.revisionOf(eventId);
    }

    /** The bean constraints of {@link EventInput}, checked here too: the web UI has no {@code @Valid} in front. */
    private void validate(EventInput input, String prefix) {
        if (input == null) {
            throw InvalidInput.field(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "is missing");
        }
        InvalidInput invalid = InvalidInput.of(validator.validate(input), prefix);
        if (invalid != null) {
            throw invalid;
        }
    }

    private static void requireOwner(CurrentUser actor, Event event) {
        EventPolicy.requireManager(actor, event.organizerId(), "change it");
    }
}
