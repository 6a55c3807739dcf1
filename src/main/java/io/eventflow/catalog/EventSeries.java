package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.AssignedIdEntity;

/**
 * A recurring event: the template every occurrence is written from, the RFC 5545 rule that gives their starts, and
 * how far the rule was expanded. The occurrences are ordinary events ({@link Event#seriesId()}); a series holds no
 * seats or bookings of its own.
 */
@Entity
@Table(name = "event_series")
class EventSeries extends AssignedIdEntity {

    @Id
    private UUID id;
    @Column(name = "organizer_id")
    private UUID organizerId;
    private String rrule;
    private String exdates;
    @Column(name = "first_start")
    private Instant firstStart;
    private String timezone;
    @Column(name = "duration_seconds")
    private long durationSeconds;
    private String title;
    private String description;
    private @Nullable String category;
    private @Nullable String location;
    private @Nullable Double latitude;
    private @Nullable Double longitude;
    @Column(name = "geofence_radius_m")
    private int geofenceRadiusM;
    private @Nullable Integer capacity;
    private @Nullable BigDecimal price;
    private @Nullable String currency;
    @Column(name = "materialised_until")
    private Instant materialisedUntil;
    private boolean complete;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Version
    private @Nullable Long version;

    protected EventSeries() {
    }

    /** {@code template}'s start is the first occurrence's (DTSTART), its end gives every occurrence's length. */
    EventSeries(UUID id, UUID organizerId, EventData template, Recurrence rule, Instant now) {
        this.id = id;
        this.organizerId = organizerId;
        this.createdAt = now;
        write(template, rule, now);
        this.materialisedUntil = template.startTime().minusSeconds(1); // nothing expanded yet
        this.complete = false;
    }

    /** Replaces template and rule (a "this and following" change that starts at the series' first occurrence). */
    void define(EventData template, Recurrence rule, Instant now) {
        write(template, rule, now);
    }

    private void write(EventData template, Recurrence rule, Instant now) {
        this.rrule = rule.text();
        this.exdates = String.join(",", rule.exdates().stream().map(LocalDate::toString).toList());
        this.firstStart = template.startTime();
        this.timezone = template.timezone();
        this.durationSeconds = Duration.between(template.startTime(), template.endTime()).toSeconds();
        this.title = template.title();
        this.description = template.description();
        this.category = template.category();
        this.location = template.location();
        this.latitude = template.latitude();
        this.longitude = template.longitude();
        this.geofenceRadiusM = template.geofenceRadiusM();
        this.capacity = template.capacity();
        this.price = template.price();
        this.currency = template.currency();
        this.updatedAt = now;
    }

    /** Ends the rule before {@code start}: the series keeps what came before a split or a deletion from there. */
    void endBefore(Instant start, Instant now) {
        Recurrence shortened = rule().endingBefore(start);
        this.rrule = shortened.text();
        this.complete = true;
        if (materialisedUntil.isAfter(start)) {
            materialisedUntil = start.minusSeconds(1);
        }
        this.updatedAt = now;
    }

    void materialisedUntil(Instant lastStart, boolean ruleEnded, Instant now) {
        this.materialisedUntil = lastStart;
        this.complete = ruleEnded;
        this.updatedAt = now;
    }

    Recurrence rule() {
        return Recurrence.of(rrule, zone(), exdateList());
    }

    /** The template as event data, with the first occurrence's start. */
    EventData template() {
        return occurrence(firstStart(), EventStatus.SCHEDULED);
    }

    /** What the occurrence starting at {@code start} is written from. */
    EventData occurrence(ZonedDateTime start, EventStatus status) {
        Instant begin = start.toInstant();
        return new EventData(title, description, category, begin, begin.plus(duration()), timezone, location, latitude,
                longitude, geofenceRadiusM, capacity, price, currency, status, WaitlistMode.AUTO, null);
    }

    private List<LocalDate> exdateList() {
        return exdates.isEmpty() ? List.of() : Arrays.stream(exdates.split(",")).map(LocalDate::parse).toList();
    }

    ZonedDateTime firstStart() {
        return firstStart.atZone(zone());
    }

    ZoneId zone() {
        return ZoneId.of(timezone);
    }

    Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() {
        return id;
    }

    UUID organizerId() {
        return organizerId;
    }

    Instant materialisedUntil() {
        return materialisedUntil;
    }

    boolean complete() {
        return complete;
    }

    SeriesView.Template view() {
        return new SeriesView.Template(title, description, category, location, latitude, longitude, geofenceRadiusM,
                capacity, price, currency);
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    long version() {
        return version == null ? 0 : version;
    }
}
