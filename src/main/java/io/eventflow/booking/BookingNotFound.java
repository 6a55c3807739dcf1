package io.eventflow.booking;

import java.util.UUID;

import io.eventflow.platform.domain.NotFound;

/** No booking with that id that the caller may see: someone else's booking is not confirmed to exist. */
public class BookingNotFound extends NotFound {

    public BookingNotFound(UUID bookingId) {
        super("Booking", bookingId);
    }
}
