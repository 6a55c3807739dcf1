package io.eventflow.booking;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Bookings", description = "Seats, the waiting list and RSVPs")
class BookingController {

    private static final String KEY_PATTERN = "[A-Za-z0-9._:-]{1,100}";

    private final BookingService bookings;
    private final EventGate gate;

    BookingController(BookingService bookings, EventGate gate) {
        this.bookings = bookings;
        this.gate = gate;
    }

    record BookingRequest(@NotNull UUID eventId) {
    }

    @PostMapping("/api/v1/events/{id}/bookings")
    @Operation(summary = "Book a seat", description = "201 confirmed while seats are left, otherwise waitlisted with a position. "
            + "One active booking per user and event (409 on a repeat). With Idempotency-Key a retry returns the first answer.")
    ResponseEntity<BookingView> book(CurrentUser user, @PathVariable UUID id,
            @Parameter(description = "Any unique string per intended booking, at most 100 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
        return answer(gate.through(id, () -> bookings.book(user, id, "booking", checkedKey(key))));
    }

    @PostMapping("/api/v1/bookings")
    @Operation(summary = "Book a seat (event id in the body)")
    ResponseEntity<BookingView> bookByBody(CurrentUser user, @Valid @RequestBody BookingRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
        return answer(gate.through(request.eventId(), () -> bookings.book(user, request.eventId(), "booking", checkedKey(key))));
    }

    @PostMapping("/api/v1/events/{id}/rsvp")
    @Operation(summary = "RSVP: a booking for the event")
    ResponseEntity<BookingView> rsvp(CurrentUser user, @PathVariable UUID id,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
        return answer(gate.through(id, () -> bookings.book(user, id, "rsvp", checkedKey(key))));
    }

    @GetMapping("/api/v1/bookings/{id}")
    BookingView get(CurrentUser user, @PathVariable UUID id) {
        return bookings.get(user, id);
    }

    @DeleteMapping("/api/v1/bookings/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a booking (its user, the organizer, an admin)",
            description = "A freed seat goes to the first waitlisted booking in the same transaction (confirmed, or offered "
                    + "in the event's offer mode). Cancelling an offered booking declines its offer.")
    void cancel(CurrentUser user, @PathVariable UUID id) {
        bookings.cancel(user, id);
    }

    @PostMapping("/api/v1/bookings/{id}/accept")
    @Operation(summary = "Accept the seat offered to a booking (its holder)",
            description = "In an event's offer mode a freed seat is held for the first in line until offer_expires_at. "
                    + "Accepting confirms the booking. 409 when there is no open offer: accepted already, declined, "
                    + "expired, or still waiting; 404 for someone else's booking, 403 for its event's organizer or an admin.")
    BookingView accept(CurrentUser user, @PathVariable UUID id) {
        return bookings.accept(user, id);
    }

    @PostMapping("/api/v1/bookings/{id}/decline")
    @Operation(summary = "Decline the seat offered to a booking (its holder)",
            description = "Cancels the booking and offers the seat to the next in line, in the same transaction. "
                    + "409 when there is no open offer; 404 for someone else's booking, 403 for its event's organizer or an admin.")
    BookingView decline(CurrentUser user, @PathVariable UUID id) {
        return bookings.decline(user, id);
    }

    @GetMapping("/api/v1/users/me/bookings")
    PageView<BookingView> mine(CurrentUser user, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return bookings.ofUser(user, user.id(), Paging.of(page, size));
    }

    @GetMapping("/api/v1/users/{id}/bookings")
    PageView<BookingView> ofUser(CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return bookings.ofUser(user, id, Paging.of(page, size));
    }

    @GetMapping("/api/v1/events/{id}/bookings")
    PageView<BookingView> ofEvent(CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return bookings.ofEvent(user, id, Paging.of(page, size));
    }

    private static ResponseEntity<BookingView> answer(BookingService.Outcome outcome) {
        if (!outcome.created()) {
            return ResponseEntity.ok(outcome.booking());
        }
        return ResponseEntity.created(URI.create("/api/v1/bookings/" + outcome.booking().id())).body(outcome.booking());
    }

    private static @Nullable String checkedKey(@Nullable String key) {
        if (key != null && !key.matches(KEY_PATTERN)) {
            throw InvalidInput.field("Idempotency-Key",
                    "must be 1 to 100 letters, digits or . _ : -");
        }
        return key;
    }
}
