package io.eventflow.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;

/**
 * Every minute: everyone on {@code /ws/events}, on every node, is told once of each event starting within the next
 * 30 minutes ({@code event_starting_soon}), as the system EventFlow replaces did; the participants' own reminders
 * are the notification module's. Nothing is scheduled ahead: the job reads the catalog's current start times, so a
 * cancelled or deleted event is not announced, and one moved to another start is announced for that start.
 * <p>
 * Whether an event was announced is a row of {@link AnnouncementLog} whose key is the event and its start time,
 * claimed in the transaction that publishes the frame to the relay: any number of nodes may run the job at once,
 * after a restart it picks up where it was, and each start is announced once. The frame goes to the relay before
 * the commit, not after: a relay that cannot be reached (Redis down) rolls the claim back and the next run tries
 * again, where an announcement sent after the commit would be lost for good. The price is the rare commit that
 * fails after the frame left, which announces that event again on the next run.
 */
@Component
class StartingSoonAnnouncer {

    static final String FRAME = "event_starting_soon";

    private static final Logger log = LoggerFactory.getLogger(StartingSoonAnnouncer.class);

    private final EventCatalog catalog;
    private final AnnouncementLog announcements;
    private final Fanout fanout;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration window;

    StartingSoonAnnouncer(EventCatalog catalog, AnnouncementLog announcements, Fanout fanout,
            TransactionTemplate transactions, Clock clock, RealtimeProperties properties) {
        this.catalog = catalog;
        this.announcements = announcements;
        this.fanout = fanout;
        this.transactions = transactions;
        this.clock = clock;
        this.window = properties.startingSoon().window();
    }

    @Scheduled(fixedDelayString = "${eventflow.realtime.starting-soon.every:1m}")
    void run() {
        try {
            announceDue();
        } catch (RuntimeException e) {
            log.warn("Starting-soon announcements failed, the next run retries: {}", e.toString());
        }
    }

    /**
     * Announces what is due now; returns how many announcements this call made. Each event on its own: one that
     * fails is logged and tried again next run, without holding back the events after it.
     */
    int announceDue() {
        Instant now = clock.instant();
        Instant until = now.plus(window);
        // one read of what is already announced, rather than a claim attempt per event in the window and per run
        Set<AnnouncementLog.Key> made = announcements.madeFor(AnnouncementLog.STARTING_SOON, now, until);
        int announced = 0;
        for (EventSnapshot listed : catalog.startingBetween(now, until)) {
            if (made.contains(new AnnouncementLog.Key(listed.id(), listed.startTime()))) {
                continue;
            }
            try {
                announced += transactions.execute(tx -> announce(listed.id(), until));
            } catch (RuntimeException e) {
                log.warn("Starting-soon announcement of event {} failed, the next run retries: {}", listed.id(),
                        e.toString());
            }
        }
        return announced;
    }

    private int announce(UUID eventId, Instant until) {
        // read again now, not from the list: the event may have moved, been cancelled or deleted while the events
        // listed before it were announced, and the frame carries its current title, place and time
        EventSnapshot event = catalog.find(eventId).orElse(null);
        Instant now = clock.instant();
        if (event == null || event.status() == EventStatus.CANCELLED || event.hasStarted(now)
                || event.startTime().isAfter(until)) {
            return 0;
        }
        if (!announcements.claim(event.id(), event.startTime(), AnnouncementLog.STARTING_SOON, now)) {
            return 0; // another node's, or an earlier run's
        }
        fanout.publishNow(Topics.ALL_EVENTS, FRAME, StartingSoon.of(event, now)); // a failure here undoes the claim
        return 1;
    }
}
