package io.eventflow.notification;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import io.eventflow.identity.UserDirectory;

/**
 * The language a notification is written in for its recipient: the one in their profile (identity's
 * {@link UserDirectory#language}), else {@code eventflow.notification.locale}.
 */
@Component
class RecipientLanguages {

    private final UserDirectory users;
    private final Locale fallback;

    RecipientLanguages(UserDirectory users, NotificationProperties properties) {
        this.users = users;
        this.fallback = properties.locale();
    }

    Locale of(UUID userId) {
        return users.language(userId).map(Locale::forLanguageTag).orElse(fallback);
    }

    /**
     * The news for each of many recipients in their language, worded once per language however many they are (for
     * news that goes to every participant of an event). Not thread-safe: one fan-out's.
     */
    Function<UUID, Notice> wording(News news, NotificationComposer composer) {
        Map<Locale, Notice> byLanguage = new HashMap<>();
        return userId -> byLanguage.computeIfAbsent(of(userId), language -> composer.compose(news, language));
    }
}
