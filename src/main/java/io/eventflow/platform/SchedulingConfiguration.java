package io.eventflow.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background jobs of the modules ({@code @Scheduled}). Housekeeping jobs are idempotent and may run on
 * every node; jobs that must run once per cluster take a database lock of their own.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "eventflow.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {
}
