package io.eventflow.platform.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Where the modules' after-commit domain-event listeners run ({@code @ApplicationModuleListener} is asynchronous):
 * a few threads with a queue in front, instead of Boot's default of a new virtual thread per event. Under a rush
 * (thousands of bookings a second) one thread per event would start thousands of listener transactions at once,
 * and they would take the connection pool and the CPU from the requests that produced them. Bounded, the
 * listeners work off a queue at their own pace and requests keep the pool; submitting never blocks the committing
 * request. Nothing is lost if the node dies with a full queue: every queued event is in the publication registry
 * (the outbox) and is run again ({@link OutboxRetry}).
 */
@Configuration(proxyBeanMethods = false)
class ListenerExecution {

    @Bean(name = {"applicationTaskExecutor", "taskExecutor"})
    ThreadPoolTaskExecutor applicationTaskExecutor(OutboxRetry.Settings settings) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor() {
            @Override
            public void shutdown() {
                // queued listeners are not started on the way down (the database may already be closing): they stay
                // incomplete in the outbox and run again later; the running ones get awaitTermination to finish
                try {
                    getThreadPoolExecutor().getQueue().clear();
                } catch (IllegalStateException notStarted) {
                    // never initialised: nothing queued
                }
                super.shutdown();
            }
        };
        executor.setCorePoolSize(settings.listenerThreads());
        executor.setMaxPoolSize(settings.listenerThreads());
        executor.setQueueCapacity(Integer.MAX_VALUE);
        executor.setThreadNamePrefix("listener-");
        // a graceful shutdown finishes what is running; queued events stay incomplete in the outbox for later (above)
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        return executor;
    }
}
