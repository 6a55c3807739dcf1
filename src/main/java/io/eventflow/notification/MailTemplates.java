package io.eventflow.notification;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.platform.calendar.ICalendar;

/**
 * The mail for a notification: a subject, a plain-text part and an HTML part with the same content, rendered from
 * the Thymeleaf templates {@code mail/<name>.txt} (text mode) and {@code mail/<name>.html} (HTML mode, where
 * {@code th:text} escapes everything that comes from users: titles, places, names). Labels come from the
 * notification texts. Header values are made single-line by {@link io.eventflow.platform.mail.MailMessage}.
 */
@Component
class MailTemplates {

    private final String baseUrl;
    private final NotificationTexts texts;
    private final TemplateEngine engine;

    @Autowired // the bean's; the other constructor is for in(language)
    MailTemplates(NotificationProperties properties, NotificationTexts texts) {
        this(properties.baseUrl(), texts, engine(texts));
    }

    private MailTemplates(String baseUrl, NotificationTexts texts, TemplateEngine engine) {
        this.baseUrl = baseUrl;
        this.texts = texts;
        this.engine = engine;
    }

    /** The same mails worded with {@code language}'s texts (the engine is shared: the context carries the locale). */
    MailTemplates in(NotificationTexts language) {
        return new MailTemplates(baseUrl, language, engine);
    }

    record Mail(String subject, String text, String html, @Nullable String calendar) {

        Mail withCalendar(String ics) {
            return new Mail(subject, text, html, ics);
        }
    }

    /** A mail about an event: the headline, then when, where, {@code more} line by line, and a link. */
    Mail aboutEvent(String subject, String headline, EventSnapshot event, List<String> more) {
        Map<String, Object> model = new HashMap<>();
        model.put("headline", headline);
        model.put("title", event.title());
        model.put("when", texts.when(event.startTime(), event.timezone()));
        model.put("where", event.location() != null ? event.location() : texts.text("mail.where_unknown"));
        model.put("more", more);
        model.put("link", baseUrl + "/events/" + event.id());
        return render("event", subject, model);
    }

    /** The event's page in the web UI, as the mail's link points to it. */
    String eventPage(java.util.UUID eventId) {
        return baseUrl + "/events/" + eventId;
    }

    /** A mail that is not about an event: the headline and a link to EventFlow. */
    Mail plain(String subject, String headline) {
        Map<String, Object> model = new HashMap<>();
        model.put("headline", headline);
        model.put("home", baseUrl);
        return render("plain", subject, model);
    }

    /** The event as a calendar entry for mail: REQUEST, or CANCEL when it is cancelled. */
    String calendar(EventSnapshot event, boolean cancelled, Instant now) {
        return ICalendar.of(new ICalendar.Entry(event.id(), event.version(), event.title(), event.description(), event.startTime(),
                event.endTime(), event.location(), event.latitude(), event.longitude(), baseUrl + "/events/" + event.id(),
                cancelled || event.status() == EventStatus.CANCELLED), now, true);
    }

    private Mail render(String template, String subject, Map<String, Object> model) {
        model.put("settings", baseUrl + "/profile");
        Context context = new Context(texts.locale(), model);
        return new Mail(subject, engine.process(template + ".txt", context), engine.process(template + ".html", context), null);
    }

    /**
     * The mail templates' own engine, under {@code mail/} where the web UI's engine ({@code templates/}) does not look,
     * and this one sees no page. Deliberately not a bean: Boot's web engine backs off when any template engine bean
     * exists, and takes in every template resolver bean.
     */
    private static TemplateEngine engine(NotificationTexts texts) {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("mail/");
        templates.setTemplateMode(TemplateMode.HTML);
        templates.setTextTemplateModePatterns(Set.of("*.txt"));
        templates.setCharacterEncoding("UTF-8");
        templates.setCheckExistence(true);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setTemplateEngineMessageSource(texts.source());
        return engine;
    }
}
