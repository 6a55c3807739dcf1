package io.eventflow.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The page's texts and formats in the language of the request ({@link PageLanguages}): messages/web*.properties for
 * what controllers say (flash notices), dates and prices the locale's way, and the texts the scripts show
 * ({@code js.*} keys, handed to them as JSON by the layout). Templates reach it as {@code @pageTexts}.
 */
@Component
class PageTexts {

    private static final String SCRIPT_PREFIX = "js.";

    private final MessageSource messages;
    private final JsonMapper json;
    private final List<String> scriptKeys;
    private final Map<Locale, String> scriptJson = new ConcurrentHashMap<>();

    PageTexts(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
        this.scriptKeys = keysOf("messages/web.properties").stream().filter(k -> k.startsWith(SCRIPT_PREFIX)).sorted().toList();
    }

    /** A text of messages/web*.properties in the request's language. */
    String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, locale());
    }

    /** The name of an error page's status ("Not Found"), in the page's language where the bundle has it. */
    String status(HttpStatus status) {
        return java.util.Objects.requireNonNullElse(
                messages.getMessage("error.status." + status.value(), null, null, locale()), status.getReasonPhrase());
    }

    /** Day and time as the event's card shows them, in {@code zone}. */
    String dayTime(Instant at, ZoneId zone) {
        return formatter("format.day-time").format(at.atZone(zone));
    }

    /** The time of day only, for the end of an event that ends the day it starts. */
    String time(Instant at, ZoneId zone) {
        return formatter("format.time").format(at.atZone(zone));
    }

    /** A price in its currency the locale's way ("$25.00", "25.00 ₪"), or the word for free. */
    String price(@Nullable BigDecimal price, @Nullable String currency) {
        if (price == null || price.signum() == 0) {
            return text("event.price.free");
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale());
        try {
            if (currency != null) {
                Currency known = Currency.getInstance(currency);
                format.setCurrency(known);
                format.setMinimumFractionDigits(known.getDefaultFractionDigits());
                format.setMaximumFractionDigits(Math.max(known.getDefaultFractionDigits(), price.stripTrailingZeros().scale()));
            }
        } catch (IllegalArgumentException unknown) {
            return price.toPlainString() + " " + currency;
        }
        return format.format(price);
    }

    /** The texts of the scripts (live.js, dashboard.js) in the request's language, as one JSON object. */
    public String scriptTexts() { // public: the layout calls it (SpEL sees public methods only)
        Locale locale = locale();
        return scriptJson.computeIfAbsent(locale, l -> {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String key : scriptKeys) {
                texts.put(key.substring(SCRIPT_PREFIX.length()), messages.getMessage(key, null, l));
            }
            return json.writeValueAsString(texts); // an attribute's value: Thymeleaf escapes it
        });
    }

    private DateTimeFormatter formatter(String key) {
        return DateTimeFormatter.ofPattern(text(key), locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static List<String> keysOf(String resource) {
        Properties properties = new Properties();
        try (InputStream in = PageTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream().toList();
    }
}
