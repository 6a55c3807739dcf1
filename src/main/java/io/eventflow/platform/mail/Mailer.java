package io.eventflow.platform.mail;

/**
 * Outgoing e-mail. With {@code spring.mail.host} set it is SMTP; otherwise the message is written to
 * the log, so the embedded default can show what would have been sent (e.g. a password-reset link).
 */
public interface Mailer {

    /** Sends or throws; callers decide whether a failure matters to their user. */
    void send(MailMessage message);
}
