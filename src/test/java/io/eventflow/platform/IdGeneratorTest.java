package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123Z");

    @Test
    void producesVersion7UuidsCarryingTheClockMillis() {
        UUID id = new IdGenerator(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void idsCreatedWithinOneMillisecondStillSortInCreationOrder() {
        IdGenerator ids = new IdGenerator(Clock.fixed(NOW, ZoneOffset.UTC));
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            created.add(ids.next());
        }

        assertThat(new HashSet<>(created)).hasSize(created.size());
        assertThat(created).isSortedAccordingTo(IdGeneratorTest::unsignedCompare);
    }

    @Test
    void aClockThatStepsBackDoesNotBreakTheOrder() {
        MovingClock clock = new MovingClock(NOW);
        IdGenerator ids = new IdGenerator(clock);
        UUID before = ids.next();
        clock.now = NOW.minusSeconds(5);
        UUID after = ids.next();

        assertThat(unsignedCompare(before, after)).isNegative();
    }

    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
