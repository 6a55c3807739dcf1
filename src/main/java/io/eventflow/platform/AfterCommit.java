package io.eventflow.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a side effect after the current transaction commits, or now if there is none; never for a rollback.
 * For best-effort effects such as real-time pushes, which are not worth an outbox row each (they are at most
 * once anyway). Work that must not be lost goes through the event publication registry instead.
 */
public final class AfterCommit {

    private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

    private AfterCommit() {
    }

    /**
     * Set while after-commit work runs: synchronization is still "active" then, but a synchronization registered
     * at that point would never be called, so nested work (a push planned by after-commit work) runs at once.
     */
    private static final ThreadLocal<Boolean> COMMITTED = new ThreadLocal<>();

    public static void run(Runnable push) {
        if (TransactionSynchronizationManager.isSynchronizationActive() && COMMITTED.get() == null) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    COMMITTED.set(Boolean.TRUE);
                    try {
                        safely(push);
                    } finally {
                        COMMITTED.remove();
                    }
                }
            });
        } else {
            safely(push);
        }
    }

    private static void safely(Runnable push) {
        try {
            push.run();
        } catch (RuntimeException e) {
            // the change is committed; a lost push is what clients already recover from by resyncing
            log.warn("After-commit work failed: {}", e.toString());
        }
    }
}
