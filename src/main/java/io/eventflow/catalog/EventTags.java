package io.eventflow.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

import io.eventflow.platform.web.Conditional;

/**
 * The entity tags of an event's representations. {@code "ev1-v3-s17-p42"}: the JSON representation in its first
 * shape ({@code ev1}; raised when the JSON changes shape, so a client's tag from before a release never matches what
 * the new release writes), version 3, 17 seats taken, popularity 42. Every field of the JSON is either fixed for the
 * event (id, number, creation time) or moves one of these three, so equal tags mean equal bodies: strong tags.
 * <p>
 * {@code If-Match} on a change is mapped onto the version alone (see {@link #ifMatch}).
 */
final class EventTags {

    /** The JSON representation's shape; raise it when EventView changes. */
    static final String JSON = "ev1";
    /** The iCalendar file's shape; raise it when ICalendar writes differently. */
    static final String ICALENDAR = "ics1";

    private static final Pattern EVENT_TAG = Pattern.compile("ev\\d+-v(\\d{1,18})-s\\d+-p\\d+");

    private EventTags() {
    }

    static String of(EventRevision revision) {
        return Conditional.strong(JSON + "-v" + revision.version() + "-s" + revision.seatsTaken() + "-p"
                + revision.popularity());
    }

    static String of(EventView view) {
        return of(EventRevision.of(view));
    }

    /**
     * The calendar file holds only what the version moves, and a link whose host comes from the request when
     * {@code eventflow.public-url} is unset: the link's digest keeps two hosts' files apart.
     */
    static String calendar(long version, String link) {
        CRC32 crc = new CRC32();
        crc.update(link.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Conditional.strong(ICALENDAR + "-v" + version + "-" + Long.toHexString(crc.getValue()));
    }

    /**
     * The versions an {@code If-Match} accepts, or null when there is no condition ({@code *} or no header: the
     * event only has to exist). Compared strongly, as RFC 9110 says: a weak tag matches nothing. Only the version of
     * a tag counts: the seat count and popularity in it are the bookings' doing, which an organizer's change neither
     * writes nor needs to have seen — the same rule as the {@code version} field of the body. A tag not of this
     * form matches nothing.
     */
    static @Nullable LongPredicate ifMatch(HttpHeaders request) {
        if (!request.containsHeader(HttpHeaders.IF_MATCH)) {
            return null;
        }
        List<ETag> tags = Conditional.tags(request, HttpHeaders.IF_MATCH);
        if (tags.stream().anyMatch(ETag::isWildcard)) {
            return null;
        }
        Set<Long> versions = new HashSet<>();
        for (ETag tag : tags) {
            Matcher matcher = EVENT_TAG.matcher(tag.tag());
            if (!tag.weak() && matcher.matches()) {
                versions.add(Long.parseLong(matcher.group(1)));
            }
        }
        return versions::contains;
    }
}
