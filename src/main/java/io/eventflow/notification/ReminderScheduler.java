package io.eventflow.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.platform.IdGenerator;

/**
 * Every minute: each confirmed participant of an event starting within the next 30 minutes gets one reminder.
 * Nothing is scheduled ahead: the job reads the events' current start times, so a reminder not yet sent moves
 * with its event and a cancelled or deleted event gets none. Whether a reminder was sent is a row with a unique
 * key, claimed in the same transaction that publishes {@link ReminderDue}: any number of nodes may run the job
 * at once, and after a restart it picks up where it was, and each participant is reminded exactly once.
 */
@Component
class ReminderScheduler {

    private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final ReminderLog reminders;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final Duration lead;

    ReminderScheduler(EventCatalog catalog, Bookings bookings, ReminderLog reminders,
            ApplicationEventPublisher events, TransactionTemplate transactions, IdGenerator ids, Clock clock,
            NotificationProperties properties) {
        this.catalog = catalog;
        this.bookings = bookings;
        this.reminders = reminders;
        this.events = events;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.lead = properties.reminderLead();
    }

    @Scheduled(fixedDelayString = "${eventflow.notification.reminder-every:PT1M}")
    void run() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("Reminder run failed, the next run retries: {}", e.toString());
        }
    }

    /**
     * Sends what is due now; returns how many reminders this call sent. Each event on its own: one that fails is
     * logged and tried again next run, without holding back the reminders of the events after it.
     */
    int sendDue() {
        Instant now = clock.instant();
        Instant until = now.plus(lead);
        int sent = 0;
        for (EventSnapshot listed : catalog.startingBetween(now, until)) {
            try {
                sent += transactions.execute(tx -> remindParticipants(listed.id(), now, until));
            } catch (RuntimeException e) {
                log.warn("Reminders for event {} failed, the next run retries: {}", listed.id(), e.toString());
            }
        }
        return sent;
    }

    private int remindParticipants(UUID eventId, Instant now, Instant until) {
        // read again now, not from the list: the event may have moved, been cancelled or deleted while the events
        // listed before it were being reminded, and the reminder carries its current title and time
        EventSnapshot event = catalog.find(eventId).orElse(null);
        if (event == null || event.status() == EventStatus.CANCELLED || !event.startTime().isAfter(now)
                || event.startTime().isAfter(until)) {
            return 0;
        }
        int sent = 0;
        for (UUID userId : bookings.confirmedParticipants(event.id())) {
            UUID id = ids.next();
            if (reminders.claim(id, event.id(), userId, ReminderLog.STARTING_SOON, event.startTime(), now)) {
                events.publishEvent(new ReminderDue(id, event.id(), userId, event.title(), event.startTime(), event.location(), now));
                sent++;
            }
        }
        return sent;
    }
}
