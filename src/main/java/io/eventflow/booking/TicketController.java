package io.eventflow.booking;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Bookings")
class TicketController {

    private final TicketService tickets;

    TicketController(TicketService tickets) {
        this.tickets = tickets;
    }

    @GetMapping("/api/v1/bookings/{id}/ticket")
    @Operation(summary = "Your ticket's code (confirmed bookings)")
    TicketService.Ticket ticket(CurrentUser user, @PathVariable UUID id) {
        return tickets.ticket(user, id);
    }

    @GetMapping(path = "/api/v1/bookings/{id}/ticket.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "Your ticket as a QR code image")
    ResponseEntity<byte[]> ticketImage(CurrentUser user, @PathVariable UUID id) {
        TicketService.Ticket ticket = tickets.ticket(user, id);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG)
                .body(tickets.qrPng(ticket.code()));
    }

    record CheckInRequest(@NotBlank @Size(max = 100) String code) {
    }

    @PostMapping(path = "/api/v1/events/{id}/check-in", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check a ticket in at the door (organizer, admin)", description = "422 for a code that is not a "
            + "ticket of this event, 409 for a second check-in or a booking that no longer admits.")
    TicketService.CheckIn checkIn(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody CheckInRequest request) {
        return tickets.checkIn(user, id, request.code());
    }
}
