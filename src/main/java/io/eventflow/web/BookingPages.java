package io.eventflow.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.announcement.Announcements;
import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.BookingView;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.platform.paging.Paging;

/** Booking from the event page, "My bookings" with tickets, and the organizer's attendee list with check-in. */
@Controller
class BookingPages {

    private final Bookings bookings;
    private final EventCatalog catalog;
    private final UserDirectory users;
    private final Announcements announcements;
    private final PageTexts texts;

    BookingPages(Bookings bookings, EventCatalog catalog, UserDirectory users, Announcements announcements, PageTexts texts) {
        this.texts = texts;
        this.announcements = announcements;
        this.bookings = bookings;
        this.catalog = catalog;
        this.users = users;
    }

    record BookingRow(BookingView booking, String eventTitle, @Nullable String who) {
        public boolean confirmed() {
            return booking.status() == BookingStatus.CONFIRMED;
        }

        public boolean active() {
            return booking.status() != BookingStatus.CANCELLED;
        }
    }

    @PostMapping("/events/{id}/book")
    String book(@PathVariable UUID id, RedirectAttributes redirect) {
        BookingView booking = bookings.book(me(), id);
        redirect.addFlashAttribute("notice", booking.status() == BookingStatus.CONFIRMED
                ? texts.text("booking.confirmed")
                : texts.text("booking.waitlisted", String.valueOf(booking.waitlistPosition())));
        return "redirect:/events/" + id;
    }

    @PostMapping("/bookings/{id}/cancel")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID eventId,
            RedirectAttributes redirect) {
        bookings.cancel(me(), id);
        redirect.addFlashAttribute("notice", texts.text("booking.cancelled"));
        return eventId != null ? "redirect:/events/" + eventId : "redirect:/bookings";
    }

    @PostMapping("/bookings/{id}/accept")
    String accept(@PathVariable UUID id, RedirectAttributes redirect) {
        BookingView booking = bookings.acceptOffer(me(), id);
        redirect.addFlashAttribute("notice", texts.text("booking.accepted"));
        return "redirect:/events/" + booking.eventId();
    }

    @PostMapping("/bookings/{id}/decline")
    String decline(@PathVariable UUID id, RedirectAttributes redirect) {
        BookingView booking = bookings.declineOffer(me(), id);
        redirect.addFlashAttribute("notice", texts.text("booking.declined"));
        return "redirect:/events/" + booking.eventId();
    }

    @GetMapping("/bookings")
    String mine(@RequestParam(required = false) @Nullable Integer page, Model model) {
        List<BookingRow> rows = new ArrayList<>();
        for (BookingView b : bookings.mine(me(), Paging.of(page, 50)).items()) {
            rows.add(new BookingRow(b, catalog.find(b.eventId()).map(e -> e.title()).orElse("(deleted event)"), null));
        }
        model.addAttribute("rows", rows);
        return "bookings/mine";
    }

    @GetMapping(path = "/bookings/{id}/ticket.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> ticket(@PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG)
                .body(bookings.ticketImage(me(), id));
    }

    @GetMapping("/events/{id}/attendees")
    String attendees(@PathVariable UUID id, Model model) {
        CurrentUser me = me();
        EventView event = catalog.view(id);
        List<BookingRow> rows = new ArrayList<>();
        for (BookingView b : bookings.ofEvent(me, id, Paging.of(0, 100)).items()) {
            rows.add(new BookingRow(b, event.title(),
                    users.find(b.userId()).map(UserDirectory.UserSummary::username).orElse("a former member")));
        }
        model.addAttribute("event", event);
        model.addAttribute("rows", rows);
        model.addAttribute("stats", bookings.stats(me, id));
        model.addAttribute("announcements", announcements.history(me, id, Paging.of(0, 20)).items());
        model.addAttribute("maxSubject", Announcements.MAX_SUBJECT);
        model.addAttribute("maxBody", Announcements.MAX_BODY);
        return "bookings/attendees";
    }

    @PostMapping("/events/{id}/check-in")
    String checkIn(@PathVariable UUID id, @RequestParam String code, RedirectAttributes redirect) {
        try {
            bookings.checkIn(me(), id, code.trim());
            redirect.addFlashAttribute("notice", texts.text("attendees.checked-in"));
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_ALLOWED) {
                throw e;
            }
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/events/" + id + "/attendees";
    }

    private static CurrentUser me() {
        CurrentUser me = CurrentUsers.current();
        if (me == null) {
            throw new NotAuthenticated("Sign in first");
        }
        return me;
    }
}
