package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.AssignedIdEntity;

@Entity
@Table(name = "events")
class Event extends AssignedIdEntity {

    @Id
    private UUID id;
    /**
     * Assigned by the database on insert (an identity column), never written by the application: null in a new
     * entity until {@link #numbered} is told the number after the insert. Not Hibernate's {@code @Generated}: an
     * entity with insert-generated values is inserted one statement at a time, which would end JDBC batching for
     * a batch of 1000 events; the service reads the numbers back with one query instead.
     */
    @Column(insertable = false, updatable = false)
    private @Nullable Long number;
    private String title;
    private String description;
    private @Nullable String category;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "end_time")
    private Instant endTime;
    private String timezone;
    private @Nullable String location;
    private @Nullable Double latitude;
    private @Nullable Double longitude;
    @Column(name = "geofence_radius_m")
    private int geofenceRadiusM;
    private @Nullable Integer capacity;
    private @Nullable BigDecimal price;
    private @Nullable String currency;
    @Column(name = "organizer_id")
    private UUID organizerId;
    @Convert(converter = StatusColumn.class)
    private EventStatus status;
    @Convert(converter = WaitlistModeColumn.class)
    @Column(name = "waitlist_mode")
    private WaitlistMode waitlistMode = WaitlistMode.AUTO;
    @Column(name = "offer_ttl_seconds")
    private @Nullable Integer offerTtlSeconds;
    // Written by bookings through Seats, never by an organizer's update: excluded from the entity's UPDATE,
    // so an edit loaded before a booking cannot write an old count back.
    @Column(updatable = false)
    private int popularity;
    @Column(name = "seats_taken", updatable = false)
    private int seatsTaken;
    /** Lower-cased title, description and location: what {@code q} searches (trigram-indexed on PostgreSQL). */
    @Column(name = "search_text")
    private String searchText;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Version
    private @Nullable Long version; // null until the first insert
    /** The series this event is an occurrence of ({@link EventSeries}); null for a one-off event. */
    @Column(name = "series_id")
    private @Nullable UUID seriesId;
    /** The start the series' rule gave this occurrence (RFC 5545 RECURRENCE-ID); stays when the occurrence is moved. */
    @Column(name = "recurrence_id")
    private @Nullable Instant recurrenceId;

    protected Event() {
    }

    Event(UUID id, UUID organizerId, EventData data, Instant now) {
        this.id = id;
        this.organizerId = organizerId;
        this.createdAt = now;
        write(data, now);
    }

    /** Overwrites the described fields and returns what changed, by API field name, old and new value. */
    Map<String, EventUpdated.FieldChange> apply(EventData data, Instant now) {
        EventSnapshot before = snapshot();
        // as the API writes them: the changes travel in EventUpdated through the outbox and to WebSocket clients
        String modeBefore = waitlistMode.wireName();
        String ttlBefore = offerTtlText();
        write(data, now);
        EventSnapshot after = snapshot();
        Map<String, EventUpdated.FieldChange> changes = new LinkedHashMap<>();
        compare(changes, "title", before.title(), after.title());
        compare(changes, "description", before.description(), after.description());
        compare(changes, "category", before.category(), after.category());
        compare(changes, "start_time", before.startTime(), after.startTime());
        compare(changes, "end_time", before.endTime(), after.endTime());
        compare(changes, "timezone", before.timezone(), after.timezone());
        compare(changes, "location", before.location(), after.location());
        compare(changes, "latitude", before.latitude(), after.latitude());
        compare(changes, "longitude", before.longitude(), after.longitude());
        compare(changes, "geofence_radius_m", before.geofenceRadiusM(), after.geofenceRadiusM());
        compare(changes, "capacity", before.capacity(), after.capacity());
        compare(changes, "price", before.price(), after.price());
        compare(changes, "currency", before.currency(), after.currency());
        compare(changes, "status", before.status(), after.status());
        compare(changes, "waitlist_mode", modeBefore, waitlistMode.wireName());
        compare(changes, "offer_ttl", ttlBefore, offerTtlText());
        if (changes.isEmpty()) {
            this.updatedAt = before.updatedAt(); // nothing changed: no new modification time either
        }
        return changes;
    }

    /** Sets the status to cancelled, everything else as it is; returns what changed (nothing if it was cancelled). */
    Map<String, EventUpdated.FieldChange> cancel(Instant now) {
        EventSnapshot s = snapshot();
        return apply(new EventData(s.title(), s.description(), s.category(), s.startTime(), s.endTime(), s.timezone(),
                s.location(), s.latitude(), s.longitude(), s.geofenceRadiusM(), s.capacity(), s.price(), s.currency(),
                EventStatus.CANCELLED, waitlistMode, offerTtl()), now);
    }

    private static void compare(Map<String, EventUpdated.FieldChange> changes, String field, @Nullable Object old,
            @Nullable Object now) {
        boolean same = old instanceof BigDecimal a && now instanceof BigDecimal b ? a.compareTo(b) == 0 : Objects.equals(old, now);
        if (!same) {
            changes.put(field, new EventUpdated.FieldChange(old, now));
        }
    }

    private void write(EventData data, Instant now) {
        this.title = data.title();
        this.description = data.description();
        this.category = data.category();
        this.startTime = data.startTime();
        this.endTime = data.endTime();
        this.timezone = data.timezone();
        this.location = data.location();
        this.latitude = data.latitude();
        this.longitude = data.longitude();
        this.geofenceRadiusM = data.geofenceRadiusM();
        this.capacity = data.capacity();
        this.price = data.price();
        this.currency = data.currency();
        this.status = data.status();
        this.waitlistMode = data.waitlistMode();
        this.offerTtlSeconds = data.offerTtl() == null ? null : Math.toIntExact(data.offerTtl().toSeconds());
        this.searchText = searchTextOf(data.title(), data.description(), data.location());
        this.updatedAt = now;
    }

    static String searchTextOf(String title, @Nullable String description, @Nullable String location) {
        return String.join(" ", title, description == null ? "" : description, location == null ? "" : location)
                .toLowerCase(Locale.ROOT);
    }

    EventSnapshot snapshot() {
        return new EventSnapshot(id, title, description, category, startTime, endTime, timezone, location, latitude,
                longitude, geofenceRadiusM, capacity, price, currency, organizerId, status, createdAt, updatedAt,
                version == null ? 0 : version);
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() {
        return id;
    }

    /** The event's number; only known once the event was inserted (loaded events always have one). */
    long number() {
        if (number == null) {
            throw new IllegalStateException("Event " + id + " has no number before it is inserted and read back");
        }
        return number;
    }

    /** The number the database assigned on insert, read back after the flush. */
    void numbered(long number) {
        this.number = number;
    }

    /**
     * The row of a new event by column, as {@link EventInserts} writes it (the same values Hibernate would: the enums'
     * wire names, version 0); the number is the database's.
     */
    Map<String, @Nullable Object> columns() {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("title", title);
        row.put("description", description);
        row.put("category", category);
        row.put("start_time", utc(startTime));
        row.put("end_time", utc(endTime));
        row.put("timezone", timezone);
        row.put("location", location);
        row.put("latitude", latitude);
        row.put("longitude", longitude);
        row.put("geofence_radius_m", geofenceRadiusM);
        row.put("capacity", capacity);
        row.put("price", price);
        row.put("currency", currency);
        row.put("organizer_id", organizerId);
        row.put("status", status.wireName());
        row.put("waitlist_mode", waitlistMode.wireName());
        row.put("offer_ttl_seconds", offerTtlSeconds);
        row.put("popularity", popularity);
        row.put("seats_taken", seatsTaken);
        row.put("search_text", searchText);
        row.put("created_at", utc(createdAt));
        row.put("updated_at", utc(updatedAt));
        row.put("version", version());
        row.put("series_id", seriesId);
        row.put("recurrence_id", recurrenceId == null ? null : utc(recurrenceId));
        return row;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    /** Makes this event an occurrence of a series, or moves it to another series (a "this and following" split). */
    void occurrenceOf(UUID seriesId, Instant recurrenceId) {
        this.seriesId = seriesId;
        this.recurrenceId = recurrenceId;
    }

    @Nullable UUID seriesId() {
        return seriesId;
    }

    /** Set with the series: an occurrence always has both. */
    Instant recurrenceId() {
        return Objects.requireNonNull(recurrenceId, "only occurrences of a series have a recurrence id");
    }

    UUID organizerId() {
        return organizerId;
    }

    Instant startTime() {
        return startTime;
    }

    int popularity() {
        return popularity;
    }

    int seatsTaken() {
        return seatsTaken;
    }

    /** What the organizer set, null when they did not (the default applies in offer mode). */
    @Nullable Duration offerTtl() {
        return offerTtlSeconds == null ? null : Duration.ofSeconds(offerTtlSeconds);
    }

    @Nullable String offerTtlText() {
        Duration ttl = offerTtl();
        return ttl == null ? null : ttl.toString();
    }

    WaitlistMode waitlistMode() {
        return waitlistMode;
    }

    long version() {
        return version == null ? 0 : version;
    }

    @Converter
    static class WaitlistModeColumn implements AttributeConverter<WaitlistMode, String> {
        @Override
        public @Nullable String convertToDatabaseColumn(@Nullable WaitlistMode mode) {
            return mode == null ? null : mode.wireName();
        }

        @Override
        public @Nullable WaitlistMode convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : WaitlistMode.fromWire(value);
        }
    }

    @Converter
    static class StatusColumn implements AttributeConverter<EventStatus, String> {
        @Override
        public @Nullable String convertToDatabaseColumn(@Nullable EventStatus status) {
            return status == null ? null : status.wireName();
        }

        @Override
        public @Nullable EventStatus convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : EventStatus.fromWire(value);
        }
    }
}
