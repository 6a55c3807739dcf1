package io.eventflow.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What notifications say, from the bundle {@code messages/notifications*.properties}: in the configured language
 * ({@code eventflow.notification.locale}), or {@link #in} the recipient's.
 * The bundle is this module's own, not the application's {@code messageSource}: the web UI and validation messages
 * neither see these texts nor can shadow them.
 */
@Component
class NotificationTexts {

    private final ResourceBundleMessageSource messages;
    private final Locale locale;
    private final DateTimeFormatter when;

    @Autowired // the bean's; the other constructor is for in(language)
    NotificationTexts(NotificationProperties properties) {
        this(bundle(), properties.locale());
    }

    private NotificationTexts(ResourceBundleMessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
        this.when = DateTimeFormatter.ofPattern(text("when"), locale);
    }

    /** The same texts in another language (a recipient's): its bundle, or the base file for keys it lacks. */
    NotificationTexts in(Locale language) {
        return language.equals(locale) ? this : new NotificationTexts(messages, language);
    }

    private static ResourceBundleMessageSource bundle() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages/notifications");
        messages.setDefaultEncoding("UTF-8");
        // the configured language or the base file, never the language the server happens to run in
        messages.setFallbackToSystemLocale(false);
        // one quoting rule for every text, with arguments or without: an apostrophe is always ''
        messages.setAlwaysUseMessageFormat(true);
        return messages;
    }

    /** The text under {@code key} with its arguments, which are inserted as they are (a title may contain braces). */
    String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }

    /** When something starts, in the event's time zone (UTC when it has none or an unknown one). */
    String when(Instant start, String timezone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone != null ? timezone : "UTC");
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return when.format(start.atZone(zone));
    }

    Locale locale() {
        return locale;
    }

    /** For the mail templates' {@code #{...}} labels: the same bundle. */
    MessageSource source() {
        return messages;
    }
}
