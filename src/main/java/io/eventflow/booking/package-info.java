/**
 * Bookings: seats, the waiting list and its promotion, RSVPs, arrival on site, tickets and check-in, statistics.
 * <p>
 * Where the rules are: whether a new booking is confirmed or waitlisted is decided by the seat counter on the
 * event's row, {@link io.eventflow.catalog.EventSeats#claim} (the catalog owns the row and its capacity); writing
 * the booking, cancelling and promoting the first in line is {@link io.eventflow.booking.BookingService}; who takes
 * part in an event is {@link io.eventflow.booking.ParticipantPolicy}; who manages it is
 * {@link io.eventflow.catalog.EventPolicy}.
 */
@ApplicationModule(allowedDependencies = { "catalog", "identity", "platform" })
@NullMarked
package io.eventflow.booking;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
