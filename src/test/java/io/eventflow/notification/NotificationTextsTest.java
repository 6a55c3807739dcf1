package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** What notifications say comes from the bundle messages/notifications*.properties. */
class NotificationTextsTest {

    private final NotificationTexts texts = Fixtures.texts();

    @Test
    void aTextComesFromTheBundleWithItsArguments() {
        assertThat(texts.text("booking_waitlisted.message", "Jazz night", "3"))
                .isEqualTo("\"Jazz night\" is full: you are number 3 on the waiting list");
        assertThat(texts.text("welcome.subject")).isEqualTo("Welcome to EventFlow");
    }

    @Test
    void argumentsAreInsertedAsWrittenEvenWithBracesAndApostrophes() {
        assertThat(texts.text("booking_confirmed.message", "Bob's {0} party ''"))
                .isEqualTo("Your seat for \"Bob's {0} party ''\" is confirmed");
    }

    @Test
    void everyChangeParticipantsHearAboutHasANameInTheBundle() {
        for (String field : NotificationPlanner.NEWSWORTHY) {
            assertThat(texts.text("event_changed.field." + field)).isNotBlank();
        }
        assertThat(texts.text("event_changed.field.start_time")).isEqualTo("start time");
    }

    @Test
    void timesAreShownInTheEventsTimeZoneAndInUtcWhenItHasNoneOrAnUnknownOne() {
        Instant start = Instant.parse("2026-12-05T18:30:00Z");
        assertThat(texts.when(start, "Asia/Jerusalem")).isEqualTo("Saturday 5 December 2026, 20:30 (IST)");
        assertThat(texts.when(start, null)).isEqualTo("Saturday 5 December 2026, 18:30 (UTC)");
        assertThat(texts.when(start, "Atlantis/Capital")).isEqualTo("Saturday 5 December 2026, 18:30 (UTC)");
    }

    @Test
    void aSecondLanguageIsAFileNextToTheBundleAndTakesWhatItLacksFromTheBaseFile() {
        // src/test/resources/messages/notifications_zz.properties: a made-up language with two texts
        NotificationTexts other = new NotificationTexts(Fixtures.properties(Locale.of("zz")));

        assertThat(other.text("booking_confirmed.subject", "Jazz")).isEqualTo("Zz-seat: Jazz");
        assertThat(other.text("booking_cancelled.subject", "Jazz")).isEqualTo("Booking cancelled: Jazz");
        assertThat(Fixtures.texts().text("booking_confirmed.subject", "Jazz")).isEqualTo("Seat confirmed: Jazz");
    }
}
