package io.eventflow.notification;

import java.time.Instant;
import java.util.List;

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

    private final String baseUrl;
    private final NotificationTexts texts;

    MailTemplates(NotificationProperties properties, NotificationTexts texts) {
        this.baseUrl = properties.baseUrl();
        this.texts = texts;
    }

    record Mail(String subject, String text, String html, String calendar) {

        Mail withCalendar(String ics) {
            return new Mail(subject, text, html, ics);
        }
    }

    /** A mail about an event: the headline, then when, where and a link. */
    Mail aboutEvent(String subject, String headline, EventSnapshot event, List<String> more) {
        String extra = more.isEmpty() ? null : String.join("\n", more);
        String when = texts.when(event.startTime(), event.timezone());
        String where = event.location() != null ? event.location() : texts.text("mail.where_unknown");
        String link = baseUrl + "/events/" + event.id();
        StringBuilder text = new StringBuilder(headline).append("\n\n")
                .append(event.title()).append('\n')
                .append(texts.text("mail.when")).append("  ").append(when).append('\n')
                .append(texts.text("mail.where")).append(" ").append(where).append('\n');
        if (extra != null) {
            text.append('\n').append(extra).append('\n');
        }
        text.append('\n').append(texts.text("mail.details")).append(' ').append(link).append("\n\n").append(footer());
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\">"
                + "<p>" + escape(headline) + "</p>"
                + "<h2>" + escape(event.title()) + "</h2>"
                + "<p><strong>" + escape(texts.text("mail.when")) + "</strong> " + escape(when) + "<br><strong>" + escape(texts.text("mail.where"))
                + "</strong> " + escape(where) + "</p>"
                + (extra != null ? "<p>" + escape(extra).replace("\n", "<br>") + "</p>" : "")
                + "<p><a href=\"" + escape(link) + "\">" + escape(texts.text("mail.open_event")) + "</a></p>"
                + "<p style=\"color:#666;font-size:small\">" + escape(footer()) + "</p></body></html>";
        return new Mail(subject, text.toString(), html, null);
    }

    Mail plain(String subject, String headline) {
        String text = headline + "\n\n" + baseUrl + "\n\n" + footer();
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\"><p>" + escape(headline) + "</p><p><a href=\""
                + escape(baseUrl) + "\">" + escape(texts.text("mail.home")) + "</a></p><p style=\"color:#666;font-size:small\">" + escape(footer())
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
        return texts.text("mail.footer", baseUrl + "/profile");
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value);
    }
}
