package io.eventflow.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import io.eventflow.catalog.EventSnapshot;
import io.eventflow.platform.calendar.ICalendar;

/**
 * The mail for a notification: a subject, a plain-text part and an HTML part with the same content. Everything
 * that comes from users (titles, places, names) is escaped in the HTML part; header values are made single-line by
 * {@link io.eventflow.platform.mail.MailMessage}.
 */
@Component
class MailTemplates {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (zzz)", Locale.ENGLISH);

    private final String baseUrl;

    MailTemplates(NotificationProperties properties) {
        this.baseUrl = properties.baseUrl();
    }

    record Mail(String subject, String text, String html, String calendar) {

        Mail withCalendar(String ics) {
            return new Mail(subject, text, html, ics);
        }
    }

    /** A mail about an event: the headline, then when, where and a link. */
    Mail aboutEvent(String subject, String headline, EventSnapshot event, String extra) {
        String when = when(event.startTime(), event.timezone());
        String where = event.location() != null ? event.location() : "Online / to be announced";
        String link = baseUrl + "/events/" + event.id();
        StringBuilder text = new StringBuilder(headline).append("\n\n")
                .append(event.title()).append('\n')
                .append("When:  ").append(when).append('\n')
                .append("Where: ").append(where).append('\n');
        if (extra != null) {
            text.append('\n').append(extra).append('\n');
        }
        text.append("\nDetails: ").append(link).append("\n\n").append(footer());
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\">"
                + "<p>" + escape(headline) + "</p>"
                + "<h2>" + escape(event.title()) + "</h2>"
                + "<p><strong>When:</strong> " + escape(when) + "<br><strong>Where:</strong> " + escape(where) + "</p>"
                + (extra != null ? "<p>" + escape(extra).replace("\n", "<br>") + "</p>" : "")
                + "<p><a href=\"" + escape(link) + "\">Open the event</a></p>"
                + "<p style=\"color:#666;font-size:small\">" + escape(footer()) + "</p></body></html>";
        return new Mail(subject, text.toString(), html, null);
    }

    Mail plain(String subject, String headline) {
        String text = headline + "\n\n" + baseUrl + "\n\n" + footer();
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\"><p>" + escape(headline) + "</p><p><a href=\""
                + escape(baseUrl) + "\">EventFlow</a></p><p style=\"color:#666;font-size:small\">" + escape(footer())
                + "</p></body></html>";
        return new Mail(subject, text, html, null);
    }

    /** The event as a calendar entry for mail: REQUEST, or CANCEL when it is cancelled. */
    String calendar(EventSnapshot event, boolean cancelled, Instant now) {
        return ICalendar.of(new ICalendar.Entry(event.id(), event.version(), event.title(), event.description(), event.startTime(),
                event.endTime(), event.location(), event.latitude(), event.longitude(), baseUrl + "/events/" + event.id(),
                cancelled || event.status() == io.eventflow.catalog.EventStatus.CANCELLED), now, true);
    }

    private String footer() {
        return "You get this because of your EventFlow notification settings: " + baseUrl + "/profile";
    }

    static String when(Instant start, String timezone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone != null ? timezone : "UTC");
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return WHEN.format(start.atZone(zone));
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value);
    }
}
