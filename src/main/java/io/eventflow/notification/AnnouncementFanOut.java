package io.eventflow.notification;

import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.announcement.AnnouncementPublished;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSnapshot;

/**
 * Tells an announcement's audience, as the bookings are when the outbox hands it over. An event may have tens of
 * thousands of participants: they are read {@link #PAGE} at a time and each page is stored in a transaction of its
 * own, so neither the list nor the pending mails of the whole audience are held at once, and the mails of a page
 * leave as soon as it commits. Each notification's key names the announcement and the user: when the listener is run
 * again after a crash, the pages done before find their notifications there and tell nobody twice.
 */
@Component
class AnnouncementFanOut {

    static final int PAGE = 500;

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final NotificationComposer composer;
    private final NotificationDelivery delivery;
    private final RecipientLanguages languages;
    private final TransactionTemplate perPage;

    AnnouncementFanOut(EventCatalog catalog, Bookings bookings, NotificationComposer composer, NotificationDelivery delivery,
            PlatformTransactionManager transactions, RecipientLanguages languages) {
        this.languages = languages;
        this.catalog = catalog;
        this.bookings = bookings;
        this.composer = composer;
        this.delivery = delivery;
        this.perPage = new TransactionTemplate(transactions);
        this.perPage.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @ApplicationModuleListener
    void on(AnnouncementPublished published) {
        EventSnapshot event = catalog.find(published.eventId()).orElse(null);
        if (event == null) {
            return; // deleted meanwhile: its participants were told that instead
        }
        Function<UUID, Notice> worded = languages.wording(new News.Announcement(event, published.announcementId(),
                published.subject(), published.body()), composer);
        String keyPrefix = "announcement:" + published.announcementId() + ":";
        @Nullable UUID after = null;
        do {
            Bookings.ParticipantPage page = bookings.participants(event.id(), published.audience().includesWaitlisted(),
                    after, PAGE);
            perPage.executeWithoutResult(status -> {
                for (UUID userId : page.users()) {
                    delivery.deliver(worded.apply(userId).to(userId, keyPrefix + userId));
                }
            });
            after = page.next();
        } while (after != null);
    }
}
