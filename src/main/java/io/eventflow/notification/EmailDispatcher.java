package io.eventflow.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds the e-mails whose time has come — new ones, retries whose back-off is over, and jobs whose lease ran out
 * because a queue message was lost or RabbitMQ was unreachable — claims each (several nodes may poll at once; a
 * mail goes to one of them) and hands it to the {@link EmailTransport}. The database is the record of what is
 * owed, so nothing is lost while SMTP or RabbitMQ is down: mails stay pending and go out when they are back.
 */
@Component
class EmailDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);

    private final NotificationStore store;
    private final EmailTransport transport;
    private final Clock clock;
    private final NotificationProperties properties;
    private final ExecutorService handOuts = Executors.newVirtualThreadPerTaskExecutor();

    EmailDispatcher(NotificationStore store, EmailTransport transport, Clock clock, NotificationProperties properties) {
        this.store = store;
        this.transport = transport;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${eventflow.notification.dispatch-every:PT1S}")
    void run() {
        try {
            while (dispatchDue() > 0) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("E-mail dispatch failed, the next run retries: {}", e.toString());
        }
    }

    /**
     * Hands a mail out at once, right after the transaction that stored it committed, instead of waiting for the
     * next poll; if another node got to it first, nothing happens.
     */
    void handOut(Notification stored) {
        // never on the committing thread: with direct sending (or RabbitMQ away) that would be an SMTP conversation
        // inside someone's HTTP request
        handOuts.execute(() -> {
            try {
                if (store.claim(stored, lease(clock.instant()))) {
                    transport.dispatch(stored);
                }
            } catch (RuntimeException e) {
                log.warn("Could not hand out notification {}, the dispatcher's next run will: {}", stored.id(), e.toString());
            }
        });
    }

    @Override
    public void destroy() {
        handOuts.shutdownNow();
    }

    private Instant lease(Instant now) {
        // 80-120 % of the lease: nodes polling at the same rate would otherwise fall into step, and the node that
        // claimed a mail last would always be first to claim it again
        long leaseMillis = properties.lease().toMillis();
        return now.plusMillis(leaseMillis * 4 / 5 + ThreadLocalRandom.current().nextLong(leaseMillis * 2 / 5 + 1));
    }

    /** Hands up to 50 due mails to the transport; returns how many. */
    int dispatchDue() {
        int handed = 0;
        for (Notification mail : store.due(clock.instant(), 50)) {
            if (store.claim(mail, lease(clock.instant()))) { // now, not at the batch's start: sends before it took time
                handed++;
                transport.dispatch(mail);
            }
        }
        return handed;
    }
}
