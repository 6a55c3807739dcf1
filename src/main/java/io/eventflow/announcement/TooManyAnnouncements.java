package io.eventflow.announcement;

import java.time.Duration;

import io.eventflow.platform.domain.DomainException;

/** The organizer sent as many announcements for the event as the limit allows for now. */
public class TooManyAnnouncements extends DomainException {

    private final Duration retryAfter;

    TooManyAnnouncements(Duration retryAfter) {
        super(Kind.TOO_MANY_ATTEMPTS, "Too many announcements for this event; try again in "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " seconds");
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
