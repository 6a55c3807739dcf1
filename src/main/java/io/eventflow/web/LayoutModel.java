package io.eventflow.web;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

import io.eventflow.catalog.EventPolicy;
import io.eventflow.identity.CurrentUser;

/** What every page's header needs: who is signed in and what they may do. */
@ControllerAdvice(basePackageClasses = LayoutModel.class)
class LayoutModel {

    private final Clock clock;

    LayoutModel(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("me")
    @Nullable CurrentUser me() {
        return CurrentUsers.current();
    }

    /**
     * When the page was made: the bell counts what came after it, and after its socket was down it catches up on
     * the notifications made since (live.js).
     */
    @ModelAttribute("renderedAt")
    String renderedAt() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(); // what every browser's Date.parse reads
    }

    @ModelAttribute("organizer")
    boolean organizer() {
        CurrentUser me = CurrentUsers.current();
        return EventPolicy.mayPublish(me);
    }

    /**
     * The language switcher's links: this page with its query (a search's filters) kept and only {@code lang} set, so
     * switching the language does not lose what the reader was looking at.
     */
    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        return Map.of("en", inLanguage(request, "en"), "he", inLanguage(request, "he"));
    }

    private static String inLanguage(HttpServletRequest request, String language) {
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam("lang", language).build().toUriString();
    }
}
