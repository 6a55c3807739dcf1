package io.eventflow.identity;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The languages EventFlow speaks: what a user may choose in their profile ({@code language}), and what pages, e-mails
 * and notifications are written in. English is the default. A third language is one more code here, in the CHECK of
 * {@code users.language} (a new migration) and its message bundles (docs/languages.md).
 */
public final class Languages {

    public static final String ENGLISH = "en";
    public static final String HEBREW = "he";
    public static final List<String> SUPPORTED = List.of(ENGLISH, HEBREW);
    /** A bean-validation pattern of exactly the supported codes. */
    public static final String PATTERN = "en|he";

    private Languages() {
    }

    /** The supported language of {@code locale} (Hebrew's old code {@code iw} included), or null. */
    public static @Nullable String of(@Nullable Locale locale) {
        if (locale == null) {
            return null;
        }
        String language = "iw".equals(locale.getLanguage()) ? HEBREW : locale.getLanguage();
        return SUPPORTED.contains(language) ? language : null;
    }

    /** The supported language {@code code} names, case-insensitive, or null. */
    public static @Nullable String of(@Nullable String code) {
        return code == null ? null : of(Locale.forLanguageTag(code.trim()));
    }
}
