package io.eventflow.platform.mail;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One e-mail, optionally with an iCalendar document ({@code calendar}) attached as {@code event.ics}, and a fixed
 * {@code messageId} ({@code local@domain}) so that the same mail sent twice is recognisably the same. Header values are checked here, at the boundary, so no caller can smuggle extra
 * headers (e.g. {@code \r\nBcc:}) in through a user name or an event title.
 */
public record MailMessage(String to, String subject, String text, @Nullable String html, @Nullable String calendar,
        @Nullable String messageId) {

    /** A mail without a calendar attachment. */
    public MailMessage(String to, String subject, String text, @Nullable String html) {
        this(to, subject, text, html, null, null);
    }


    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (to.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("Line breaks are not allowed in a recipient address");
        }
        subject = subject.replaceAll("[\\r\\n]+", " ");
        if (messageId != null && !messageId.matches("[A-Za-z0-9.\\-]+@[A-Za-z0-9.\\-]+")) {
            throw new IllegalArgumentException("Not a message id: " + messageId);
        }
    }
}
