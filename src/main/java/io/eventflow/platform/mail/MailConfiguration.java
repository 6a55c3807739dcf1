package io.eventflow.platform.mail;

import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.validation.constraints.AssertTrue;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.MimeMessageHelper;

@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    /** @param from sender address of every mail EventFlow sends */
    @ConfigurationProperties("eventflow.mail")
    @org.springframework.validation.annotation.Validated
    record MailProperties(String from) {
        MailProperties {
            from = from != null && !from.isBlank() ? from : "EventFlow <no-reply@eventflow.local>";
        }

        /** Checked at start: a sender refused by the mail library would fail every mail, one by one, later. */
        @AssertTrue(message = "eventflow.mail.from must be one e-mail address, optionally with a name: EventFlow <no-reply@example.com>")
        boolean isFromAnAddress() {
            try {
                new jakarta.mail.internet.InternetAddress(from, true);
                return !from.contains(",");
            } catch (jakarta.mail.internet.AddressException e) {
                return false;
            }
        }
    }

    @Bean
    @ConditionalOnExpression("'${spring.mail.host:}' != ''")
    Mailer smtpMailer(JavaMailSender sender, MailProperties properties) {
        return message -> {
            try {
                MimeMessage mime = message.messageId() == null ? sender.createMimeMessage() : withMessageId(sender, message.messageId());
                MimeMessageHelper helper = new MimeMessageHelper(mime, message.html() != null || message.calendar() != null, StandardCharsets.UTF_8.name());
                helper.setFrom(properties.from());
                helper.setTo(message.to());
                helper.setSubject(message.subject());
                if (message.html() != null) {
                    helper.setText(message.text(), message.html());
                } else {
                    helper.setText(message.text());
                }
                if (message.calendar() != null) {
                    helper.addAttachment("event.ics", new ByteArrayResource(message.calendar().getBytes(StandardCharsets.UTF_8)),
                            "text/calendar; charset=UTF-8; method=" + method(message.calendar()));
                }
                sender.send(mime);
                log.info("Mail sent to={} subject=\"{}\"", message.to(), message.subject());
            } catch (MessagingException e) {
                throw new MailSendException("Could not build mail to " + message.to(), e);
            }
        };
    }

    /** JavaMail replaces Message-ID on every save; this message keeps the one it was given. */
    private static MimeMessage withMessageId(JavaMailSender sender, String messageId) {
        jakarta.mail.Session session = sender instanceof org.springframework.mail.javamail.JavaMailSenderImpl impl
                ? impl.getSession() : jakarta.mail.Session.getInstance(new java.util.Properties());
        return new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
    }

    private static String method(String calendar) {
        int at = calendar.indexOf("METHOD:");
        return at < 0 ? "PUBLISH" : calendar.substring(at + 7, calendar.indexOf('\r', at));
    }

    /**
     * A mail's text in the log, every line behind a margin and control characters replaced: user text inside it
     * (an event's description) can never pass for a log record of its own.
     */
    static String quoted(String text) {
        return text.lines().map(line -> "    | " + line.replaceAll("[\\p{Cc}&&[^\\t]]", "\uFFFD"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Bean
    @ConditionalOnMissingBean(Mailer.class)
    Mailer loggingMailer() {
        return message -> log.info("Mail (not sent, no SMTP configured) to={} subject=\"{}\"\n{}",
                message.to(), message.subject(), quoted(message.text()));
    }
}
