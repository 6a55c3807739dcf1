package io.eventflow.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.eventflow.catalog.EventSnapshot;

/**
 * Puts news into words: the in-app message with its data, and the mail (subject, text and HTML bodies, and a
 * calendar entry when the news changes what belongs in the user's calendar). The words come from
 * {@link NotificationTexts}, the mail bodies from {@link MailTemplates}.
 */
@Component
class NotificationComposer {

    private final NotificationTexts texts;
    private final MailTemplates mails;
    private final Clock clock;

    NotificationComposer(NotificationTexts texts, MailTemplates mails, Clock clock) {
        this.texts = texts;
        this.mails = mails;
        this.clock = clock;
    }

    /** The news in {@code language} (a recipient's, see {@link RecipientLanguages}). */
    Notice compose(News news, Locale language) {
        NotificationTexts worded = texts.in(language);
        return worded == texts ? compose(news) : new NotificationComposer(worded, mails.in(worded), clock).compose(news);
    }

    /** The news in the configured language. */
    Notice compose(News news) {
        return switch (news) {
            case News.Welcome welcome -> welcome(welcome);
            case News.NewFollower follower -> newFollower(follower);
            case News.EventPublished published -> aboutEvent(NotificationType.EVENT_CREATED, published.event(),
                    Map.of(), List.of(), Calendar.NONE);
            case News.SeatConfirmed confirmed -> aboutEvent(NotificationType.BOOKING_CONFIRMED, confirmed.event(),
                    Map.of("booking_id", confirmed.bookingId()), List.of(), Calendar.ENTRY);
            case News.Waitlisted waitlisted -> aboutEvent(NotificationType.BOOKING_WAITLISTED, waitlisted.event(),
                    // the place as plain digits, not grouped as a number of the language ("1,234")
                    texts.text("booking_waitlisted.message", waitlisted.event().title(), String.valueOf(waitlisted.position())),
                    Map.of("booking_id", waitlisted.bookingId()), List.of(texts.text("booking_waitlisted.more")), Calendar.NONE);
            case News.SeatFreedUp promoted -> aboutEvent(NotificationType.BOOKING_PROMOTED, promoted.event(),
                    Map.of("booking_id", promoted.bookingId()), List.of(), Calendar.ENTRY);
            case News.SeatOffered offered -> offered(offered);
            case News.BookingCancelled cancelled -> cancelled(cancelled);
            case News.EventChanged changed -> eventChanged(changed);
            case News.EventCancelled cancelled -> eventCancelled(cancelled);
            case News.StartingSoon soon -> startingSoon(soon);
            case News.Announcement announcement -> announcement(announcement);
            case News.WebhookDisabled disabled -> webhookDisabled(disabled);
        };
    }

    private Notice welcome(News.Welcome welcome) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", texts.text("welcome.message", welcome.username()));
        return new Notice(NotificationType.WELCOME, null, Collections.unmodifiableMap(data),
                mails.plain(texts.text("welcome.subject"), texts.text("welcome.headline", welcome.username())));
    }

    private Notice newFollower(News.NewFollower follower) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", texts.text("new_follower.message", follower.followerName()));
        data.put("user_id", follower.followerId());
        return new Notice(NotificationType.NEW_FOLLOWER, null, Collections.unmodifiableMap(data),
                mails.plain(texts.text("new_follower.subject", follower.followerName()),
                        texts.text("new_follower.headline", follower.followerName())));
    }

    private Notice webhookDisabled(News.WebhookDisabled disabled) {
        Map<String, Object> data = new LinkedHashMap<>();
        String lastError = disabled.lastError() != null ? disabled.lastError() : "";
        data.put("message", texts.text("webhook_disabled.message", disabled.url(), String.valueOf(disabled.failures())));
        data.put("webhook_id", disabled.webhookId());
        data.put("url", disabled.url());
        data.put("failures", disabled.failures());
        data.put("last_error", lastError);
        return new Notice(NotificationType.WEBHOOK_DISABLED, null, Collections.unmodifiableMap(data),
                mails.plain(texts.text("webhook_disabled.subject"),
                        texts.text("webhook_disabled.headline", disabled.url(), String.valueOf(disabled.failures()), lastError)));
    }

    /** The message {@code <type>.message} about the event's title. */
    private Notice aboutEvent(NotificationType type, EventSnapshot event, Map<String, Object> more, List<String> mailMore,
            Calendar calendar) {
        return aboutEvent(type, event, texts.text(type.wireName() + ".message", event.title()), more, mailMore, calendar);
    }

    /** The subject is {@code <type>.subject} about the event's title; the mail's headline is the message. */
    private Notice aboutEvent(NotificationType type, EventSnapshot event, String message, Map<String, Object> more,
            List<String> mailMore, Calendar calendar) {
        String subject = texts.text(type.wireName() + ".subject", event.title());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.id());
        data.put("title", event.title());
        data.put("start_time", event.startTime());
        data.put("message", message);
        data.putAll(more);
        MailTemplates.Mail mail = mails.aboutEvent(subject, texts.text("mail.headline", message), event, mailMore);
        if (calendar != Calendar.NONE) {
            mail = mail.withCalendar(mails.calendar(event, calendar == Calendar.CANCELLATION, clock.instant()));
        }
        return new Notice(type, event.id(), Collections.unmodifiableMap(data), mail);
    }

    /**
     * With the ways to answer: in the app, the API's accept and decline routes; in the mail, the event's page, whose
     * banner has the accept and decline buttons (a link in a mail must not act by itself: mail scanners follow links).
     */
    private Notice offered(News.SeatOffered offered) {
        EventSnapshot event = offered.event();
        String until = texts.when(offered.expiresAt(), event.timezone());
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("booking_id", offered.bookingId());
        more.put("offer_expires_at", offered.expiresAt());
        more.put("accept_url", "/api/v1/bookings/" + offered.bookingId() + "/accept");
        more.put("decline_url", "/api/v1/bookings/" + offered.bookingId() + "/decline");
        String page = mails.eventPage(event.id()) + "#offer";
        return aboutEvent(NotificationType.BOOKING_OFFERED, event, texts.text("booking_offered.message", event.title(), until),
                more, List.of(texts.text("booking_offered.more", until), texts.text("booking_offered.accept", page),
                        texts.text("booking_offered.decline", page)), Calendar.NONE);
    }

    /**
     * A lapsed offer is told as what it is: the holder did nothing, so "your booking is cancelled" alone would read as
     * someone else's doing. Same type (and preference) as any cancellation.
     */
    private Notice cancelled(News.BookingCancelled cancelled) {
        EventSnapshot event = cancelled.event();
        Instant lapsed = cancelled.offerExpiredAt();
        if (lapsed == null) {
            return aboutEvent(NotificationType.BOOKING_CANCELLED, event, Map.of("booking_id", cancelled.bookingId()),
                    List.of(), Calendar.CANCELLATION);
        }
        String until = texts.when(lapsed, event.timezone());
        return aboutEvent(NotificationType.BOOKING_CANCELLED, event, texts.text("booking_offer_expired.message", event.title(), until),
                Map.of("booking_id", cancelled.bookingId(), "offer_expired_at", lapsed),
                List.of(texts.text("booking_offer_expired.more")), Calendar.CANCELLATION);
    }

    private Notice eventChanged(News.EventChanged changed) {
        EventSnapshot event = changed.event();
        List<String> fields = changed.changes().stream().map(change -> field(change.field())).toList();
        String message = texts.text("event_changed.message", event.title(), String.join(", ", fields));
        Map<String, Object> newValues = new LinkedHashMap<>();
        List<String> list = new ArrayList<>();
        list.add(texts.text("event_changed.more"));
        for (News.EventChanged.Change change : changed.changes()) {
            newValues.put(change.field(), change.newValue());
            list.add(texts.text("event_changed.change", field(change.field()), shown(change.oldValue()), shown(change.newValue())));
        }
        // a calendar entry with a higher SEQUENCE: calendars that have the event update it
        return aboutEvent(NotificationType.EVENT_CHANGED, event, message, Map.of("changes", newValues), list, Calendar.ENTRY);
    }

    private Notice eventCancelled(News.EventCancelled cancelled) {
        EventSnapshot event = cancelled.event();
        String message = texts.text(cancelled.deleted() ? "event_deleted.message" : "event_cancelled.message", event.title());
        return aboutEvent(NotificationType.EVENT_CANCELLED, event, message, Map.of(), List.of(), Calendar.CANCELLATION);
    }

    private Notice startingSoon(News.StartingSoon soon) {
        ReminderDue due = soon.due();
        String when = texts.when(due.startTime(), soon.event().timezone());
        String message = due.location() != null ? texts.text("reminder.message_at", due.title(), when, due.location())
                : texts.text("reminder.message", due.title(), when);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", due.reminderId());
        data.put("event_id", due.eventId());
        data.put("title", due.title());
        data.put("start_time", due.startTime());
        data.put("location", due.location());
        data.put("minutes_until_start", Math.max(0, Duration.between(due.occurredAt(), due.startTime()).toMinutes()));
        data.put("message", message);
        MailTemplates.Mail mail = mails.aboutEvent(texts.text("reminder.subject", due.title()), texts.text("mail.headline", message),
                soon.event(), List.of()).withCalendar(mails.calendar(soon.event(), false, clock.instant()));
        return new Notice(NotificationType.REMINDER, due.eventId(), Collections.unmodifiableMap(data), mail);
    }

    /** The organizer's subject and body as they wrote them; the mail carries the body line by line under the event. */
    private Notice announcement(News.Announcement announcement) {
        EventSnapshot event = announcement.event();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.id());
        data.put("title", event.title());
        data.put("start_time", event.startTime());
        data.put("message", texts.text("announcement.message", event.title(), announcement.subject()));
        data.put("announcement_id", announcement.announcementId());
        data.put("subject", announcement.subject());
        data.put("body", announcement.body());
        List<String> lines = List.of(announcement.body().split("\\R", -1));
        MailTemplates.Mail mail = mails.aboutEvent(texts.text("announcement.subject", event.title(), announcement.subject()),
                texts.text("announcement.headline", event.title()), event, lines);
        return new Notice(NotificationType.ANNOUNCEMENT, event.id(), Collections.unmodifiableMap(data), mail);
    }

    private String field(String name) {
        return texts.text("event_changed.field." + name);
    }

    private String shown(@Nullable Object value) {
        return value == null ? texts.text("event_changed.no_value") : value.toString();
    }

    /** What the mail's calendar attachment does: nothing, put the event in the calendar (or update it), take it out. */
    private enum Calendar { NONE, ENTRY, CANCELLATION }
}
