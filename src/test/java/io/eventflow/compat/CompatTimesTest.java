package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.eventflow.platform.domain.InvalidInput;

class CompatTimesTest {

    private static final ZoneId TEL_AVIV = ZoneId.of("Asia/Jerusalem");

    @Test
    void readsADateAloneAsMidnightInTheConfiguredZone() {
        assertThat(CompatTimes.parse("2027-10-27", TEL_AVIV, "date")).isEqualTo(Instant.parse("2027-10-26T21:00:00Z"));
    }

    @Test
    void readsATimeWithoutOffsetInTheConfiguredZoneAndOneWithOffsetAsWritten() {
        assertThat(CompatTimes.parse("2027-12-01T10:00:00", TEL_AVIV, "start_time"))
                .isEqualTo(Instant.parse("2027-12-01T08:00:00Z"));
        assertThat(CompatTimes.parse("2027-12-01T10:00:00+01:00", TEL_AVIV, "start_time"))
                .isEqualTo(Instant.parse("2027-12-01T09:00:00Z"));
        assertThat(CompatTimes.parse("2027-12-01 10:00:00", ZoneId.of("UTC"), "start_time"))
                .isEqualTo(Instant.parse("2027-12-01T10:00:00Z"));
    }

    @Test
    void writesAndReadsHttpDatesAsTheFlaskApiDid() {
        Instant start = Instant.parse("2023-10-27T00:00:00Z");
        assertThat(CompatTimes.httpDate(start)).isEqualTo("Fri, 27 Oct 2023 00:00:00 GMT");
        assertThat(CompatTimes.httpDate(Instant.parse("2027-03-05T09:30:00Z"))).isEqualTo("Fri, 05 Mar 2027 09:30:00 GMT");
        assertThat(CompatTimes.parse("Fri, 27 Oct 2023 00:00:00 GMT", TEL_AVIV, "date")).isEqualTo(start);
    }

    @Test
    void refusesAnythingElseNamingTheField() {
        assertThatThrownBy(() -> CompatTimes.parse("next friday", TEL_AVIV, "date"))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.errors()).extracting(p -> p.field()).containsExactly("date"));
        assertThatThrownBy(() -> CompatTimes.parse("2027-02-30", TEL_AVIV, "date")).isInstanceOf(InvalidInput.class);
    }
}
