package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** Side effects such as real-time pushes leave only with a commit, as a transaction manager drives them. */
class AfterCommitTest {

    private final List<String> done = new ArrayList<>();

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void runsAtOnceOutsideATransaction() {
        AfterCommit.run(() -> done.add("pushed"));

        assertThat(done).containsExactly("pushed");
    }

    @Test
    void nothingHappensWhenTheTransactionRollsBack() {
        TransactionSynchronizationManager.initSynchronization();
        AfterCommit.run(() -> done.add("pushed"));

        List<TransactionSynchronization> registered = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationUtils.invokeAfterCompletion(registered, TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(done).isEmpty();
    }

    @Test
    void waitsForTheCommitAndRunsWorkPlannedByAfterCommitWorkToo() {
        TransactionSynchronizationManager.initSynchronization();
        AfterCommit.run(() -> {
            done.add("looked up");
            AfterCommit.run(() -> done.add("pushed")); // synchronization is still active during afterCommit
        });
        assertThat(done).isEmpty();

        TransactionSynchronizationUtils.triggerAfterCommit();

        assertThat(done).containsExactly("looked up", "pushed");
    }

    @Test
    void aFailingSideEffectDoesNotUndoTheCommitOrStopTheOthers() {
        TransactionSynchronizationManager.initSynchronization();
        AfterCommit.run(() -> {
            throw new IllegalStateException("Redis is down");
        });
        AfterCommit.run(() -> done.add("pushed"));

        TransactionSynchronizationUtils.triggerAfterCommit();

        assertThat(done).containsExactly("pushed");
    }
}
