package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** How an event's entity tags are made and how an If-Match is mapped onto its version. */
class EventTagsTest {

    private static LongPredicate ifMatch(String... lines) {
        HttpHeaders headers = new HttpHeaders();
        for (String line : lines) {
            headers.add(HttpHeaders.IF_MATCH, line);
        }
        return EventTags.ifMatch(headers);
    }

    @Test
    void changesTheTagWithTheVersionAndWithEveryBooking() {
        String tag = EventTags.of(new EventRevision(3, 17, 42));

        assertThat(tag).isEqualTo("\"ev1-v3-s17-p42\"");
        assertThat(EventTags.of(new EventRevision(4, 17, 42))).isNotEqualTo(tag);
        assertThat(EventTags.of(new EventRevision(3, 18, 43))).isNotEqualTo(tag);
        // a place in the waiting list moves only the popularity
        assertThat(EventTags.of(new EventRevision(3, 17, 43))).isNotEqualTo(tag);
    }

    @Test
    void mapsIfMatchOntoTheVersionWhateverTheSeatsWereThen() {
        LongPredicate match = ifMatch("\"ev1-v3-s17-p42\"");

        assertThat(match.test(3)).isTrue();
        assertThat(match.test(4)).isFalse();
        assertThat(ifMatch("\"ev1-v2-s0-p0\", \"ev1-v5-s1-p1\"").test(5)).isTrue();
        assertThat(ifMatch("\"ev1-v2-s0-p0\"", "\"ev1-v5-s1-p1\"").test(5)).isTrue();
    }

    @Test
    void comparesIfMatchStronglyAndMatchesNothingItDoesNotKnow() {
        assertThat(ifMatch("W/\"ev1-v3-s17-p42\"").test(3)).isFalse();
        assertThat(ifMatch("\"something-else\"").test(3)).isFalse();
        assertThat(ifMatch("ev1-v3-s17-p42").test(3)).isFalse();
        assertThat(ifMatch("\"ev1-v99999999999999999999-s1-p1\"").test(3)).isFalse();
        assertThat(ifMatch("\"ics1-v3-abc\"").test(3)).isFalse();
    }

    @Test
    void hasNoConditionWithoutIfMatchOrWithTheWildcard() {
        assertThat(EventTags.ifMatch(new HttpHeaders())).isNull();
        assertThat(ifMatch("*")).isNull();
    }

    @Test
    void keepsTwoHostsCalendarFilesApart() {
        assertThat(EventTags.calendar(3, "http://a.example/events/1"))
                .isNotEqualTo(EventTags.calendar(3, "http://b.example/events/1"))
                .isNotEqualTo(EventTags.calendar(4, "http://a.example/events/1"))
                .startsWith("\"ics1-v3-");
    }
}
