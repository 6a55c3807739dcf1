package io.eventflow.web;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Languages;
import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.domain.DomainException;

/**
 * The language of a page, first found of: the browser's explicit choice from the switcher (a cookie), the signed-in
 * user's profile language, the first supported language of {@code Accept-Language}, English. A choice made while signed
 * in is saved in the profile too, so that it follows the user to other browsers and to their e-mails.
 * Spring MVC's {@code localeResolver}: templates, messages and formats of every request go by it.
 */
@Component("localeResolver")
class PageLanguages implements LocaleResolver {

    static final String COOKIE = "lang";
    private static final String RESOLVED = PageLanguages.class.getName() + ".locale";
    private static final Duration KEPT = Duration.ofDays(365);

    private final UserDirectory users;
    private final Accounts accounts;

    PageLanguages(UserDirectory users, Accounts accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(RESOLVED) instanceof Locale known) {
            return known; // resolved once a request: a template asks many times
        }
        Locale locale = Locale.forLanguageTag(language(request));
        request.setAttribute(RESOLVED, locale);
        return locale;
    }

    private String language(HttpServletRequest request) {
        String chosen = chosen(request);
        if (chosen != null) {
            return chosen;
        }
        CurrentUser me = CurrentUsers.current();
        if (me != null) {
            String profile = users.language(me.id()).orElse(null);
            if (profile != null) {
                return profile;
            }
        }
        if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) != null) { // without it getLocales() is the server's
            for (Locale accepted : Collections.list(request.getLocales())) {
                String language = Languages.of(accepted);
                if (language != null) {
                    return language;
                }
            }
        }
        return Languages.ENGLISH;
    }

    private static @Nullable String chosen(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return Languages.of(cookie.getValue());
                }
            }
        }
        return null;
    }

    /** The switcher's choice ({@code ?lang=}): kept in the browser, and in the profile of a signed-in user. */
    @Override
    public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
        String language = Languages.of(locale);
        if (language == null || response == null) {
            return; // an unsupported language changes nothing
        }
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE, language).path("/").maxAge(KEPT)
                .httpOnly(true).secure(request.isSecure()).sameSite("Lax").build().toString());
        request.setAttribute(RESOLVED, Locale.forLanguageTag(language));
        CurrentUser me = CurrentUsers.current();
        if (me != null && !language.equals(users.language(me.id()).orElse(null))) {
            try {
                accounts.changeLanguage(me, language);
            } catch (DomainException gone) {
                // the account was deleted meanwhile: the browser keeps the choice, the session guard signs it out
            }
        }
    }
}
