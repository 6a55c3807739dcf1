package io.eventflow.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Bookings and check-ins of events over time, for the organizer's dashboard: read-only figures straight from the
 * bookings table, each from an index. Who may see them is the caller's to decide
 * ({@link io.eventflow.catalog.EventPolicy#mayManage}); the counts by status are {@link Bookings#stats}.
 * Buckets are {@code width} wide, aligned on the Unix epoch (so hours and days are UTC hours and days); only
 * buckets with something in them are returned, oldest first.
 */
public interface BookingActivity {

    /** Bookings made (any status now) and bookings cancelled, per bucket of their creation and cancellation time. */
    List<BookingBucket> bookingsOverTime(UUID eventId, Duration width);

    /** Confirmed bookings checked in at the door (ticket) and arrived on site (geofence), per bucket. */
    List<CheckInBucket> checkInsOverTime(UUID eventId, Duration width);

    /** The first and the last booking made, or null without any. */
    @Nullable Span bookingSpan(UUID eventId);

    CheckIns checkIns(UUID eventId);

    /** For each of the events, in one query: its bookings by status and who of them is there. Events without any are left out. */
    Map<UUID, EventTotals> totalsOfEvents(Collection<UUID> eventIds);

    record BookingBucket(Instant start, long booked, long cancelled) {
    }

    record CheckInBucket(Instant start, long ticket, long arrival) {
    }

    record Span(Instant first, Instant last) {
    }

    /**
     * Among confirmed bookings: {@code present} were checked in by ticket, arrived on site, or both; {@code both}
     * did the two.
     */
    record CheckIns(long present, long byTicket, long byArrival, long both) {
    }

    /** {@code byStatus}: the bookings' wire status names ({@code confirmed}, {@code waitlisted}, ...) and their counts. */
    record EventTotals(Map<String, Long> byStatus, long present) {

        public long count(String status) {
            return byStatus.getOrDefault(status, 0L);
        }
    }
}
