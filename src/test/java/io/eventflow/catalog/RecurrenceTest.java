package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.RuleViolated;

class RecurrenceTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");
    static final ZonedDateTime SEED = LocalDateTime.parse("2027-10-19T19:00").atZone(JERUSALEM); // a Tuesday

    private static List<ZonedDateTime> all(Recurrence rule) {
        return rule.starts(SEED, SEED.toInstant().minusSeconds(1), SEED.plusYears(3).toInstant(), 1000).starts();
    }

    @Test
    void readsAnUntilDayAsTheWholeDayInTheZoneAndStoresItInUtc() {
        Recurrence rule = Recurrence.parse("rrule:freq=weekly;byday=tu,th;until=20271102", JERUSALEM, List.of());

        assertThat(rule.text()).contains("UNTIL=20271102T215959Z"); // 23:59:59 in Jerusalem (UTC+2 in November)
        assertThat(all(rule)).last().extracting(ZonedDateTime::toLocalDate).isEqualTo(LocalDate.parse("2027-11-02"));
    }

    @Test
    void keepsTheWallClockTimeWhenJerusalemLeavesSummerTime() {
        // Israel leaves summer time on the last Sunday of October (2027-10-31)
        List<ZonedDateTime> starts = all(Recurrence.parse("FREQ=WEEKLY;COUNT=3", JERUSALEM, List.of()));

        assertThat(starts).extracting(s -> s.toLocalTime().toString()).containsOnly("19:00");
        assertThat(starts).extracting(s -> s.getOffset().getTotalSeconds() / 3600).containsExactly(3, 3, 2);
    }

    @Test
    void leavesOutExcludedDaysWhicheverWayTheyAreWritten() {
        Recurrence rule = Recurrence.parse("FREQ=DAILY;COUNT=5", JERUSALEM,
                List.of("2027-10-20", "2027-10-21T19:00:00", "2027-10-22T16:00:00Z"));

        assertThat(all(rule)).extracting(ZonedDateTime::toLocalDate)
                .containsExactly(LocalDate.parse("2027-10-19"), LocalDate.parse("2027-10-23"));
    }

    @Test
    void aSplitKeepsCountingAndTheEarlierPartEndsBeforeIt() {
        Recurrence rule = Recurrence.parse("FREQ=WEEKLY;COUNT=6", JERUSALEM, List.of());
        Instant fourth = SEED.plusWeeks(3).toInstant();

        assertThat(rule.continuingAt(SEED, fourth).text()).isEqualTo("FREQ=WEEKLY;COUNT=3");
        assertThat(all(rule.endingBefore(fourth))).hasSize(3);
    }

    @Test
    void stopsAtTheCapAndSaysHowFarItRead() {
        Recurrence rule = Recurrence.parse("FREQ=DAILY;COUNT=10000", JERUSALEM, List.of());

        Recurrence.Expansion first = rule.starts(SEED, SEED.toInstant().minusSeconds(1), SEED.plusYears(50).toInstant(), 200);

        assertThat(first.starts()).hasSize(200);
        assertThat(first.scannedUntil()).isEqualTo(first.starts().getLast().toInstant());
        assertThat(rule.endedAfter(SEED, first.scannedUntil())).isFalse();
        assertThat(rule.starts(SEED, first.scannedUntil(), SEED.plusYears(50).toInstant(), 1).starts().getFirst())
                .isEqualTo(SEED.plusDays(200));
    }

    @Test
    void refusesMalformedRulesAs400AndUnsupportedOnesAs422() {
        for (String malformed : List.of("", "FOO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=DAILY;COUNT=0", "FREQ=DAILY;INTERVAL=-1",
                "FREQ=DAILY;UNTIL=2027", "BYDAY=MO", "FREQ=DAILY\nX", "FREQ=DAILY;;COUNT=2")) {
            assertThatThrownBy(() -> Recurrence.parse(malformed, JERUSALEM, List.of())).as(malformed)
                    .isInstanceOf(InvalidInput.class);
        }
        for (String unsupported : List.of("FREQ=HOURLY", "FREQ=MINUTELY;COUNT=10000", "FREQ=DAILY;BYHOUR=9,17")) {
            assertThatThrownBy(() -> Recurrence.parse(unsupported, JERUSALEM, List.of())).as(unsupported)
                    .isInstanceOf(RuleViolated.class);
        }
        assertThatThrownBy(() -> Recurrence.parse("FREQ=DAILY", JERUSALEM, List.of("someday")))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("exdates[0]");
    }
}
