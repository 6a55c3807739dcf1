package io.eventflow.notification;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;

/** The notification module's pieces without Spring, for fast tests. */
final class Fixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    static final UUID ORGANIZER = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private Fixtures() {
    }

    static NotificationProperties properties(Locale locale) {
        return new NotificationProperties(null, null, "https://eventflow.example", null, null, null, null, locale);
    }

    static NotificationTexts texts() {
        return new NotificationTexts(properties(null));
    }

    static MailTemplates mails() {
        return new MailTemplates(properties(null), texts());
    }

    static NotificationComposer composer() {
        return new NotificationComposer(texts(), mails(), CLOCK);
    }

    /** Starts 5 December 2026 at 20:30 in Tel Aviv. */
    static EventSnapshot event(String title, String location) {
        return new EventSnapshot(UUID.randomUUID(), title, "About " + title, "music", Instant.parse("2026-12-05T18:30:00Z"),
                Instant.parse("2026-12-05T21:00:00Z"), "Asia/Jerusalem", location, null, null, null, 10, BigDecimal.ZERO, "ILS",
                ORGANIZER, EventStatus.SCHEDULED, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), 2);
    }

    static EventSnapshot cancelled(EventSnapshot event) {
        return new EventSnapshot(event.id(), event.title(), event.description(), event.category(), event.startTime(), event.endTime(),
                event.timezone(), event.location(), event.latitude(), event.longitude(), event.geofenceRadiusM(), event.capacity(),
                event.price(), event.currency(), event.organizerId(), EventStatus.CANCELLED, event.createdAt(), event.updatedAt(),
                event.version() + 1);
    }
}
