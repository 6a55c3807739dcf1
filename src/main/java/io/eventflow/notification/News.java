package io.eventflow.notification;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventSnapshot;

/**
 * What someone is to be told, as facts: {@link NotificationPlanner} decides who hears which news,
 * {@link NotificationComposer} puts it into words.
 */
sealed interface News {

    record Welcome(String username) implements News {
    }

    record NewFollower(UUID followerId, String followerName) implements News {
    }

    /** To the organizer. */
    record EventPublished(EventSnapshot event) implements News {
    }

    record SeatConfirmed(EventSnapshot event, UUID bookingId) implements News {
    }

    record Waitlisted(EventSnapshot event, UUID bookingId, int position) implements News {
    }

    /** A seat freed up and the booking moved from the waiting list to confirmed. */
    record SeatFreedUp(EventSnapshot event, UUID bookingId) implements News {
    }

    /** A seat freed up and is held for the booking until {@code expiresAt}, for its holder to accept or decline. */
    record SeatOffered(EventSnapshot event, UUID bookingId, java.time.Instant expiresAt) implements News {
    }

    /** {@code offerExpiredAt}: cancelled because the seat offered to it was not accepted by then. */
    record BookingCancelled(EventSnapshot event, UUID bookingId, java.time.@Nullable Instant offerExpiredAt) implements News {
    }

    /** Only the changes participants care about, in the order they are listed. */
    record EventChanged(EventSnapshot event, List<Change> changes) implements News {

        record Change(String field, @Nullable Object oldValue, @Nullable Object newValue) {
        }
    }

    /** Cancelled, or {@code deleted} altogether: either way the participants' plans are off. */
    record EventCancelled(EventSnapshot event, boolean deleted) implements News {
    }

    /** The organizer's own words to the participants. */
    record Announcement(EventSnapshot event, UUID announcementId, String subject, String body) implements News {
    }

    /** To its owner: a webhook endpoint kept failing and was disabled. */
    record WebhookDisabled(UUID webhookId, String url, int failures, @Nullable String lastError) implements News {
    }

    /** {@code due} as the reminder job saw it; {@code event} as it is now, for the mail. */
    record StartingSoon(ReminderDue due, EventSnapshot event) implements News {
    }
}
