package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventSnapshot;

/** News put into words: the in-app message, the mail, and what the mail does to the user's calendar. */
class NotificationComposerTest {

    private final NotificationComposer composer = Fixtures.composer();
    private final EventSnapshot jazz = Fixtures.event("Jazz", "Park");

    @Test
    void theAppAndTheMailSayTheSameAboutABooking() {
        UUID booking = UUID.randomUUID();

        Notice notice = composer.compose(new News.SeatConfirmed(jazz, booking));

        assertThat(notice.type()).isEqualTo(NotificationType.BOOKING_CONFIRMED);
        assertThat(notice.eventId()).isEqualTo(jazz.id());
        assertThat(notice.data()).containsExactly(Map.entry("event_id", jazz.id()), Map.entry("title", "Jazz"),
                Map.entry("start_time", jazz.startTime()),
                Map.entry("message", "Your seat for \"Jazz\" is confirmed"), Map.entry("booking_id", booking));
        assertThat(notice.mail().subject()).isEqualTo("Seat confirmed: Jazz");
        assertThat(notice.mail().text()).startsWith("Your seat for \"Jazz\" is confirmed.\n\nJazz\n");
    }

    @Test
    void aSeatPutsTheEventInTheCalendarAndACancelledBookingTakesItOut() {
        assertThat(composer.compose(new News.SeatConfirmed(jazz, UUID.randomUUID())).mail().calendar()).contains("METHOD:REQUEST");
        assertThat(composer.compose(new News.SeatFreedUp(jazz, UUID.randomUUID())).mail().calendar()).contains("METHOD:REQUEST");
        assertThat(composer.compose(new News.BookingCancelled(jazz, UUID.randomUUID(), null)).mail().calendar()).contains("METHOD:CANCEL");
        assertThat(composer.compose(new News.EventCancelled(jazz, true)).mail().calendar()).contains("METHOD:CANCEL");
        assertThat(composer.compose(new News.Waitlisted(jazz, UUID.randomUUID(), 2)).mail().calendar()).isNull();
        assertThat(composer.compose(new News.EventPublished(jazz)).mail().calendar()).isNull();
    }

    @Test
    void aLapsedOfferIsToldAsSuchNotAsAPlainCancellation() {
        UUID booking = UUID.randomUUID();
        Instant until = Instant.parse("2026-11-20T12:30:00Z"); // 14:30 in Jerusalem

        Notice notice = composer.compose(new News.BookingCancelled(jazz, booking, until));

        assertThat(notice.type()).isEqualTo(NotificationType.BOOKING_CANCELLED);
        assertThat((String) notice.data().get("message"))
                .startsWith("The seat offered to you at \"Jazz\" was not accepted by ").contains("14:30")
                .endsWith("so it went to the next in line");
        assertThat(notice.data()).containsEntry("offer_expired_at", until).containsEntry("booking_id", booking);
        assertThat(notice.mail().text()).contains("You are no longer on the waiting list");
        assertThat(composer.compose(new News.BookingCancelled(jazz, booking, null)).data().get("message"))
                .isEqualTo("Your booking for \"Jazz\" is cancelled");
    }

    @Test
    void anOfferSaysUntilWhenInTheEventsZoneWithTheWaysToAnswerAndAddsNothingToTheCalendar() {
        UUID booking = UUID.randomUUID();
        Instant until = Instant.parse("2026-11-20T12:30:00Z"); // 14:30 in Jerusalem

        Notice notice = composer.compose(new News.SeatOffered(jazz, booking, until));

        assertThat(notice.type()).isEqualTo(NotificationType.BOOKING_OFFERED);
        assertThat((String) notice.data().get("message")).startsWith("A seat is waiting for you at \"Jazz\": accept it by ")
                .contains("14:30");
        assertThat(notice.data()).containsEntry("offer_expires_at", until)
                .containsEntry("accept_url", "/api/v1/bookings/" + booking + "/accept")
                .containsEntry("decline_url", "/api/v1/bookings/" + booking + "/decline");
        assertThat(notice.mail().subject()).isEqualTo("A seat is waiting for you: Jazz");
        assertThat(notice.mail().text()).contains("Accept it: https://eventflow.example/events/" + jazz.id() + "#offer")
                .contains("goes to the next in line");
        assertThat(notice.mail().calendar()).as("not a seat yet").isNull();
    }

    @Test
    void aWaitlistedUserIsToldTheirPlaceInPlainDigits() {
        Notice notice = composer.compose(new News.Waitlisted(jazz, UUID.randomUUID(), 1234));

        assertThat(notice.data().get("message")).isEqualTo("\"Jazz\" is full: you are number 1234 on the waiting list");
        assertThat(notice.mail().text()).contains("You will be told as soon as a seat is yours.");
    }

    @Test
    void participantsAreToldWhatChangedFromWhatToWhat() {
        Instant earlier = jazz.startTime().minusSeconds(3600);
        Notice notice = composer.compose(new News.EventChanged(jazz, List.of(
                new News.EventChanged.Change("location", null, "Park"),
                new News.EventChanged.Change("start_time", earlier, jazz.startTime()))));

        assertThat(notice.data().get("message")).isEqualTo("\"Jazz\" changed: location, start time");
        assertThat(notice.data().get("changes")).isEqualTo(Map.of("location", "Park", "start_time", jazz.startTime()));
        assertThat(notice.mail().subject()).isEqualTo("Changed: Jazz");
        assertThat(notice.mail().text()).contains("What changed:\n- location: (none) → Park\n- start time: " + earlier + " → "
                + jazz.startTime() + "\n");
        assertThat(notice.mail().calendar()).contains("METHOD:REQUEST"); // the calendar entry updates itself
    }

    @Test
    void aDeletedEventIsCancelledByItsOrganizer() {
        assertThat(composer.compose(new News.EventCancelled(jazz, true)).data().get("message"))
                .isEqualTo("\"Jazz\" has been cancelled by its organizer");
        assertThat(composer.compose(new News.EventCancelled(jazz, false)).data().get("message")).isEqualTo("\"Jazz\" has been cancelled");
        assertThat(composer.compose(new News.EventCancelled(jazz, true)).type()).isEqualTo(NotificationType.EVENT_CANCELLED);
    }

    @Test
    void aReminderSaysWhenInTheEventsTimeZoneAndWhereIfThereIsAPlace() {
        ReminderDue due = new ReminderDue(UUID.randomUUID(), jazz.id(), UUID.randomUUID(), "Jazz", jazz.startTime(), "Park",
                jazz.startTime().minusSeconds(25 * 60));
        ReminderDue online = new ReminderDue(due.reminderId(), jazz.id(), due.userId(), "Jazz", jazz.startTime(), null, due.occurredAt());

        Notice notice = composer.compose(new News.StartingSoon(due, jazz));

        assertThat(notice.data().get("message")).isEqualTo("\"Jazz\" starts Saturday 5 December 2026, 20:30 (IST) at Park");
        assertThat(notice.data().get("minutes_until_start")).isEqualTo(25L);
        assertThat(notice.mail().subject()).isEqualTo("Starting soon: Jazz");
        assertThat(composer.compose(new News.StartingSoon(online, jazz)).data().get("message"))
                .isEqualTo("\"Jazz\" starts Saturday 5 December 2026, 20:30 (IST)");
    }

    @Test
    void aWelcomeAndANewFollowerAreMailsAboutNoEvent() {
        Notice welcome = composer.compose(new News.Welcome("ann"));
        UUID bob = UUID.randomUUID();
        Notice follower = composer.compose(new News.NewFollower(bob, "bob"));

        assertThat(welcome.eventId()).isNull();
        assertThat(welcome.data().get("message")).isEqualTo("Welcome to EventFlow, ann!");
        assertThat(welcome.mail().text()).startsWith("Welcome to EventFlow, ann! Find events near you");
        assertThat(follower.data()).containsEntry("message", "bob started following you").containsEntry("user_id", bob);
        assertThat(follower.mail().subject()).isEqualTo("bob follows you on EventFlow");
    }
}
