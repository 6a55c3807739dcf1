package io.eventflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The audit table on the embedded default's H2 (in PostgreSQL mode, as the application opens it): the V22 migration
 * as shipped, and the repository's writes, filters and deletes. {@code AuditLogIT} covers the same on PostgreSQL.
 */
class AuditRepositoryTest {

    private AuditRepository entries;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(h2);
        String migration = Files.readString(Path.of("src/main/resources/db/migration/common/V22__audit_log.sql"));
        for (String statement : migration.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.getJdbcTemplate().execute(statement);
            }
        }
        entries = new AuditRepository(jdbc);
    }

    private AuditRepository.NewEntry entry(Instant at, AuditAction action, UUID actor, UUID target) {
        return new AuditRepository.NewEntry(UUID.randomUUID(), at, actor, "ada", "203.0.113.7", "req-12345678", action,
                target, Map.of("from", "attendee", "to", "organizer"));
    }

    private static AuditRepository.Filter none() {
        return new AuditRepository.Filter(null, null, null, null, null, null);
    }

    @Test
    void readsBackWhatItWroteNewestFirst() {
        UUID actor = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        entries.insert(entry(now.minusSeconds(10), AuditAction.USER_ROLE_CHANGED, actor, target));
        entries.insert(new AuditRepository.NewEntry(UUID.randomUUID(), now, null, null, null, null, AuditAction.EVENT_CANCELLED,
                target, Map.of()));

        List<AuditEntry> found = entries.find(none(), 0, 10);

        assertThat(found).extracting(AuditEntry::action).containsExactly(AuditAction.EVENT_CANCELLED, AuditAction.USER_ROLE_CHANGED);
        AuditEntry older = found.get(1);
        assertThat(older.occurredAt()).isEqualTo(now.minusSeconds(10));
        assertThat(older.actorId()).isEqualTo(actor);
        assertThat(older.clientAddress()).isEqualTo("203.0.113.7");
        assertThat(older.targetType()).isEqualTo(AuditAction.TargetType.USER);
        assertThat(older.detail()).containsExactlyInAnyOrderEntriesOf(Map.of("from", "attendee", "to", "organizer"));
        assertThat(found.getFirst().actorId()).isNull();
        assertThat(found.getFirst().detail()).isEmpty();
    }

    @Test
    void filtersCombineAndPage() {
        UUID actor = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            entries.insert(entry(now.minusSeconds(i), AuditAction.USER_ROLE_CHANGED, actor, target));
        }
        entries.insert(entry(now, AuditAction.USER_DELETED, actor, UUID.randomUUID()));
        entries.insert(entry(now, AuditAction.USER_ROLE_CHANGED, UUID.randomUUID(), target));

        var mine = new AuditRepository.Filter(actor, AuditAction.USER_ROLE_CHANGED, AuditAction.TargetType.USER, target,
                now.minusSeconds(3), now.minusSeconds(1));
        assertThat(entries.count(mine)).isEqualTo(3);
        assertThat(entries.find(mine, 0, 2)).extracting(AuditEntry::occurredAt)
                .containsExactly(now.minusSeconds(1), now.minusSeconds(2));
        assertThat(entries.find(mine, 2, 2)).extracting(AuditEntry::occurredAt).containsExactly(now.minusSeconds(3));
        assertThat(entries.count(new AuditRepository.Filter(actor, null, null, null, null, null))).isEqualTo(6);
        assertThat(entries.count(none())).isEqualTo(7);
    }

    @Test
    void deletesOnlyWhatIsOlderThanTheCutoffOnce() {
        UUID target = UUID.randomUUID();
        entries.insert(entry(now.minus(Duration.ofDays(400)), AuditAction.USER_DELETED, UUID.randomUUID(), target));
        entries.insert(entry(now.minus(Duration.ofDays(364)), AuditAction.USER_DELETED, UUID.randomUUID(), target));

        assertThat(entries.deleteBefore(now.minus(Duration.ofDays(365)))).isEqualTo(1);
        assertThat(entries.deleteBefore(now.minus(Duration.ofDays(365)))).isZero();
        assertThat(entries.count(none())).isEqualTo(1);
    }
}
