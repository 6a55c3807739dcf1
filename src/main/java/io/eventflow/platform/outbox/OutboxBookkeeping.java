package io.eventflow.platform.outbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.eventflow.platform.Vendor;

/**
 * Keeps the outbox's bookkeeping cheap. Around every domain-event listener Spring Modulith commits twice more than
 * the listener itself: the publication marked "processing" before, "completed" (deleted) after, each in a transaction
 * of its own.
 * <p>
 * <b>No "processing" mark.</b> A publication goes from "published" straight to "completed" (or "failed"). The mark
 * only tells a publication whose listener has started from one still waiting, and nothing here treats the two
 * differently: after its staleness period ({@code spring.modulith.events.staleness.*}) either is marked failed and
 * {@link OutboxRetry} runs the listener again. Skipped only while "published" is given at least as long as
 * "processing" (application.yml keeps them equal), so a running listener is never declared stale sooner than
 * before. It was a transaction (setting, update, commit) before every listener run.
 * <p>
 * <b>"Completed" marks are written in batches</b> by {@link OutboxCompletions}, one transaction for all the
 * listeners that finished within a few milliseconds.
 * <p>
 * <b>The marks commit without waiting for the disk</b> on PostgreSQL ({@code synchronous_commit = off} for
 * their transaction); the booking that writes the publication and the listener's own work stay synchronous. Nothing
 * can be lost that could not be lost before: the WAL is written in order, so a later synchronous commit makes an
 * earlier mark durable too, and a "completed" mark lost in a crash leaves the publication unfinished: it runs again
 * after the staleness period, exactly as when a node dies between the listener's commit and the mark (listeners are
 * idempotent).
 */
@Component
class OutboxBookkeeping implements BeanPostProcessor, EnvironmentAware {

    /** {@code SET LOCAL} as a prepared statement: the driver keeps it prepared instead of parsing it for every mark. */
    static final String ASYNC_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)";
    private static final Set<String> ASYNC_MARKS = Set.of("markFailed", "markResubmitted");
    /** The repository methods intercepted by name (ModulithInternalsTest checks they still exist). */
    static final Set<String> INTERCEPTED = Set.of("markProcessing", "markCompleted", "markFailed", "markResubmitted");

    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<Vendor> vendor;
    private final ObjectProvider<OutboxCompletions> completions;
    private boolean skipProcessingMark;

    OutboxBookkeeping(ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<Vendor> vendor,
            ObjectProvider<OutboxCompletions> completions) {
        this.jdbc = jdbc;
        this.vendor = vendor;
        this.completions = completions;
    }

    @Override
    public void setEnvironment(Environment environment) {
        Binder binder = Binder.get(environment);
        Duration published = binder.bind("spring.modulith.events.staleness.published", Duration.class).orElse(null);
        Duration processing = binder.bind("spring.modulith.events.staleness.processing", Duration.class).orElse(null);
        // without a period for "published" such publications are never retried: the mark would then matter
        skipProcessingMark = published != null && (processing == null || published.compareTo(processing) >= 0);
    }

    boolean skipsProcessingMark() {
        return skipProcessingMark;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof EventPublicationRepository repository)) {
            return bean;
        }
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { EventPublicationRepository.class },
                (proxy, method, args) -> {
                    if (skipProcessingMark && method.getName().equals("markProcessing")) {
                        return null;
                    }
                    if (method.getName().equals("markCompleted")) {
                        completions.getObject().add(() -> invokeUnchecked(method, repository, args));
                        return null;
                    }
                    if (ASYNC_MARKS.contains(method.getName()) && TransactionSynchronizationManager.isActualTransactionActive()
                            && vendor.getObject().isPostgres()) {
                        jdbc.getObject().queryForObject(ASYNC_COMMIT, String.class);
                    }
                    return invoke(method, repository, args);
                });
    }

    private static void invokeUnchecked(Method method, Object target, Object[] args) {
        try {
            invoke(method, target, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
