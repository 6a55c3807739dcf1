package io.eventflow.audit;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes entries older than {@code eventflow.audit.retention}. Every node runs it, without a lock: a delete by date is
 * idempotent, so two nodes at once, or a run repeated after a crash, delete the same rows once and agree on the result.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditRepository entries;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditRepository entries, AuditProperties properties, Clock clock) {
        this.entries = entries;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many entries were deleted */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public int deleteExpired() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int deleted = entries.deleteBefore(cutoff);
        if (deleted > 0) {
            log.info("Deleted {} audit entries older than {}", deleted, cutoff);
        }
        return deleted;
    }
}
