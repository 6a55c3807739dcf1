package io.eventflow.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One event's dashboard: {@code GET /api/v1/events/{id}/dashboard}. The counts by status are those of
 * {@code GET /api/v1/events/{id}/stats}, read in the same request.
 */
public record EventDashboard(UUID eventId, String title, Instant startTime, Instant endTime, EventStatus status,
        @Schema(description = "null: no limit") @Nullable Integer capacity,
        @Schema(description = "Seats held: confirmed bookings and seats offered to the waiting list (as the event's seats_taken)")
        long seatsTaken,
        @Schema(description = "null when there is no capacity limit") @Nullable Long seatsLeft,
        @Schema(description = "seats_taken / capacity, 0 to 1; null without a capacity") @Nullable Double fillRate,
        @Schema(description = "Length of the waiting list") long waitlisted,
        @Schema(description = "Of seats_taken, those offered to the first in line and not yet accepted (offer mode)") long offered,
        long cancelled, long rsvpCount,
        CheckIns checkIns, @Schema(description = "Photos in the event's gallery") long photos,
        BookingSeries bookingsOverTime, CheckInSeries checkInsOverTime, Instant generatedAt) {

    /**
     * Who of the confirmed bookings is there: checked in at the door with their ticket (QR), arrived on site within
     * the geofence, or both.
     */
    public record CheckIns(@Schema(description = "Confirmed bookings checked in by either way") long present,
            @Schema(description = "Confirmed bookings, what present counts towards") long expected,
            @Schema(description = "present / expected, 0 to 1; null while nobody is expected") @Nullable Double progress,
            @Schema(description = "Checked in with their ticket (QR) by the organizer") long byTicket,
            @Schema(description = "Recorded their own arrival within the geofence") long byArrival,
            @Schema(description = "Did both") long both) {
    }

    /** Bookings made and cancelled per bucket; buckets without either are left out. */
    public record BookingSeries(BucketWidth bucket, long bucketSeconds, List<BookingPoint> points) {
    }

    /** @param total active bookings at the end of the bucket: made minus cancelled, from the first bucket on */
    public record BookingPoint(@Schema(description = "Start of the bucket") Instant start, long booked, long cancelled,
            long total) {
    }

    /** Check-ins per bucket, by method; buckets without any are left out. */
    public record CheckInSeries(BucketWidth bucket, long bucketSeconds, List<CheckInPoint> points) {
    }

    public record CheckInPoint(@Schema(description = "Start of the bucket") Instant start, long ticket, long arrival) {
    }
}
