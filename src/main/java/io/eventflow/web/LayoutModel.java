package io.eventflow.web;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

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
}
