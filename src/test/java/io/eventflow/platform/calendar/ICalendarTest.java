package io.eventflow.platform.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ICalendarTest {

    private static final UUID ID = UUID.fromString("01a20146-bab0-777d-a60b-e8b5790fba8e");

    private static ICalendar.Entry entry(String title, long version, boolean cancelled) {
        return new ICalendar.Entry(ID, version, title, "Line one\nline two", Instant.parse("2027-03-01T18:00:00Z"),
                Instant.parse("2027-03-01T21:00:00Z"), "Hall 1; Tel Aviv, Israel", 32.08, 34.78, "https://eventflow.example/events/" + ID,
                cancelled);
    }

    @Test
    void anEventKeepsItsUidAndCountsItsChangesInTheSequence() {
        String first = ICalendar.of(entry("Jazz night", 0, false), Instant.parse("2026-11-22T10:00:00Z"), true);
        String changed = ICalendar.of(entry("Jazz night", 3, false), Instant.parse("2026-11-23T10:00:00Z"), true);

        assertThat(first).contains("UID:" + ID + "@eventflow\r\n").contains("SEQUENCE:0\r\n").contains("METHOD:REQUEST\r\n");
        assertThat(changed).contains("UID:" + ID + "@eventflow\r\n").contains("SEQUENCE:3\r\n");
        assertThat(first).contains("DTSTART:20270301T180000Z\r\n").contains("DTEND:20270301T210000Z\r\n")
                .contains("STATUS:CONFIRMED").startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
    }

    @Test
    void aCancelledEventIsACancellationAndADownloadIsAPublication() {
        assertThat(ICalendar.of(entry("Gone", 2, true), Instant.now(), true)).contains("METHOD:CANCEL").contains("STATUS:CANCELLED");
        assertThat(ICalendar.of(entry("Here", 2, false), Instant.now(), false)).contains("METHOD:PUBLISH");
    }

    @Test
    void textIsEscapedSoNoValueCanStartANewProperty() {
        String ics = ICalendar.of(entry("Party\r\nATTENDEE:mailto:evil@example.com", 0, false), Instant.now(), true);

        assertThat(ics).contains("SUMMARY:Party\\nATTENDEE:mailto:evil@example.com").doesNotContain("\r\nATTENDEE");
        assertThat(ics).contains("LOCATION:Hall 1\\; Tel Aviv\\, Israel").contains("DESCRIPTION:Line one\\nline two");
    }

    @Test
    void longLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        String title = "Fête de la musique — ".repeat(10);
        String ics = ICalendar.of(entry(title, 0, false), Instant.now(), true);

        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        String unfolded = ics.replace("\r\n ", "");
        assertThat(unfolded).contains("SUMMARY:" + title.replace(",", "\\,"));
    }

    @Test
    void coordinatesNearZeroArePlainDecimalsAsRfc5545Wants() {
        ICalendar.Entry nearNullIsland = new ICalendar.Entry(ID, 1, "Null Island", "", Instant.parse("2027-03-01T18:00:00Z"),
                Instant.parse("2027-03-01T21:00:00Z"), "At sea", 0.0005, -0.00012, "https://example.com/events/1", false);

        String ics = ICalendar.of(nearNullIsland, Instant.now(), false);

        assertThat(ics).contains("GEO:0.000500;-0.000120\r\n").doesNotContain("E-");
    }
}
