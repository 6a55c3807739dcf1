package io.eventflow.booking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.catalog.EventCancelled;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.RuleViolated;

/** Arrival on site (checked against the event's geofence and time window) and the organizer's statistics. */
@Service
class Attendance {

    static final double EARTH_RADIUS_M = 6_371_008.8;

    private final NamedParameterJdbcTemplate jdbc;
    private final BookingRepository bookings;
    private final EventCatalog catalog;
    private final BookingProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Attendance(NamedParameterJdbcTemplate jdbc, BookingRepository bookings, EventCatalog catalog,
            BookingProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.bookings = bookings;
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
    }

    record Position(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    record Arrival(UUID bookingId, UUID eventId, Instant arrivedAt, long distanceM, int geofenceRadiusM) {
    }

    /** {@code offered}: bookings a seat is held for until they accept it (offer mode); not in {@code waitlisted}. */
    record Stats(@Nullable Integer capacity, long confirmed, long waitlisted, long offered, long cancelled, long rsvpCount,
            long arrivalCount, @Nullable Double fillRate) {
    }

    @Transactional
    Arrival arrive(CurrentUser user, UUID eventId, Position position) {
        EventSnapshot event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        if (event.status() == EventStatus.CANCELLED) {
            throw new EventCancelled("The event is cancelled; no arrival is recorded for it");
        }
        BookingView booking = bookings.findActive(eventId, user.id())
                .filter(b -> b.status() == BookingStatus.CONFIRMED)
                .orElseThrow(() -> new NotAllowed("Arrival is recorded only for a confirmed booking of this event"));
        Instant now = clock.instant();
        Instant opens = event.startTime().minus(properties.arrivalOpensBefore());
        if (now.isBefore(opens) || now.isAfter(event.endTime())) {
            throw new RuleViolated("Arrival is accepted from " + opens + " until the end at " + event.endTime(),
                    java.util.List.of());
        }
        if (event.latitude() == null || event.longitude() == null) {
            throw new RuleViolated("The event has no location to check an arrival against", java.util.List.of());
        }
        long distance = Math.round(distanceMeters(position.latitude(), position.longitude(), event.latitude(), event.longitude()));
        if (distance > event.geofenceRadiusM()) {
            throw new RuleViolated("You are " + distance + " m from the event; arrival counts within "
                    + event.geofenceRadiusM() + " m", java.util.List.of(
                            new FieldProblem("latitude", "is " + distance + " m from the venue")));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("id", booking.id());
        p.put("now", Timestamp.from(now));
        p.put("distance", (double) distance);
        int recorded = jdbc.update("UPDATE bookings SET arrived_at = :now, arrival_distance_m = :distance, updated_at = :now "
                + "WHERE id = :id AND arrived_at IS NULL AND status = 'confirmed'", p);
        if (recorded == 0) {
            throw new Conflict("Your arrival is already recorded");
        }
        events.publishEvent(new BookingEvents.BookingCheckedIn(booking.id(), eventId, user.id(),
                BookingEvents.CheckInMethod.ARRIVAL, now));
        return new Arrival(booking.id(), eventId, now, distance, event.geofenceRadiusM());
    }

    @Transactional(readOnly = true)
    Stats stats(CurrentUser actor, UUID eventId) {
        EventSnapshot event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        EventPolicy.requireManager(actor, event.organizerId(), "see its statistics");
        return jdbc.queryForObject("""
                SELECT COUNT(CASE WHEN status = 'confirmed' THEN 1 END) AS confirmed,
                       COUNT(CASE WHEN status = 'waitlisted' THEN 1 END) AS waitlisted,
                       COUNT(CASE WHEN status = 'offered' THEN 1 END) AS offered,
                       COUNT(CASE WHEN status = 'cancelled' THEN 1 END) AS cancelled,
                       COUNT(CASE WHEN status <> 'cancelled' AND kind = 'rsvp' THEN 1 END) AS rsvps,
                       COUNT(CASE WHEN status = 'confirmed' AND arrived_at IS NOT NULL THEN 1 END) AS arrivals
                FROM bookings WHERE event_id = :event""", Map.of("event", eventId), (rs, n) -> {
                    long confirmed = rs.getLong("confirmed");
                    Double fill = event.capacity() == null || event.capacity() == 0 ? null
                            : Math.round(10_000.0 * confirmed / event.capacity()) / 10_000.0;
                    return new Stats(event.capacity(), confirmed, rs.getLong("waitlisted"), rs.getLong("offered"), rs.getLong("cancelled"),
                            rs.getLong("rsvps"), rs.getLong("arrivals"), fill);
                });
    }

    /** Great-circle distance (haversine), in metres. */
    static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
