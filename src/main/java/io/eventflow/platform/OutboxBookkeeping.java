package io.eventflow.platform;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Commits the outbox's bookkeeping without waiting for the disk, on PostgreSQL. Around every domain-event listener
 * Spring Modulith commits twice more: the publication marked "processing" before, "completed" (deleted) after, each
 * in a transaction of its own that waited for a WAL flush like a booking does. Only those two (and "failed",
 * "resubmitted") commit asynchronously here ({@code SET LOCAL synchronous_commit = off}); the booking that writes the
 * publication and the listener's own work stay synchronous.
 * <p>
 * Nothing can be lost that could not be lost before: the WAL is written in order, so the listener's synchronous
 * commit makes the "processing" mark before it durable too; a "completed" mark lost in a crash leaves the
 * publication in progress, and it is run again after the staleness period exactly as when a node dies between the
 * listener's commit and the mark today (listeners are idempotent).
 */
@Component
class OutboxBookkeeping implements BeanPostProcessor {

    private static final String ASYNC_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)";
    private static final Set<String> MARKS = Set.of("markProcessing", "markCompleted", "markFailed", "markResubmitted");

    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<Vendor> vendor;

    OutboxBookkeeping(ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<Vendor> vendor) {
        this.jdbc = jdbc;
        this.vendor = vendor;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof EventPublicationRepository repository)) {
            return bean;
        }
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { EventPublicationRepository.class },
                (proxy, method, args) -> {
                    if (MARKS.contains(method.getName()) && TransactionSynchronizationManager.isActualTransactionActive()
                            && vendor.getObject().isPostgres()) {
                        // set_config(..., true) is SET LOCAL as a prepared statement: the driver keeps it prepared on
                        // the connection instead of parsing a new SQL string for every mark
                        jdbc.getObject().queryForObject(ASYNC_COMMIT, String.class);
                    }
                    return invoke(method, repository, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
