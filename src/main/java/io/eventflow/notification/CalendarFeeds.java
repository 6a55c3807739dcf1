package io.eventflow.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.BookingView;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.Vendor;
import io.eventflow.platform.calendar.ICalendar;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * A private iCalendar feed of a user's bookings, for calendar apps to subscribe to ({@code webcal://}). The URL is
 * the credential — calendar apps cannot log in — so it carries 256 random bits, only their hash is stored, and the
 * user can replace it (the old URL stops working at once). Cancelled bookings stay in the feed as cancelled, so
 * calendars take them out; changed events carry their new SEQUENCE.
 */
@Service
public class CalendarFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NamedParameterJdbcTemplate jdbc;
    private final Bookings bookings;
    private final EventCatalog catalog;
    private final UserDirectory users;
    private final Clock clock;
    private final String baseUrl;
    private final String insert;

    CalendarFeeds(NamedParameterJdbcTemplate jdbc, Bookings bookings, EventCatalog catalog, UserDirectory users, Clock clock,
            NotificationProperties properties, Vendor vendor) {
        this.jdbc = jdbc;
        this.bookings = bookings;
        this.catalog = catalog;
        this.users = users;
        this.clock = clock;
        this.baseUrl = properties.baseUrl();
        this.insert = vendor.insertIfAbsent("calendar_feeds", "user_id, token_hash, created_at", "user_id");
    }

    /**
     * A new feed URL for the user. Only the token's hash is kept, so an earlier URL cannot be shown again: each call
     * replaces it, and the earlier one stops working at once.
     */
    @Transactional
    public String newUrl(CurrentUser user) {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        Map<String, Object> p = Map.of("user_id", user.id(), "token_hash", hash(token), "created_at", Timestamp.from(clock.instant()));
        String replace = "UPDATE calendar_feeds SET token_hash = :token_hash, created_at = :created_at WHERE user_id = :user_id";
        if (jdbc.update(replace, p) == 0 && jdbc.update(insert, p) == 0) {
            jdbc.update(replace, p); // another request created the row just now: this newer link replaces it
        }
        return baseUrl + "/calendar/" + token + ".ics";
    }

    /** The feed behind a token, if the token is a current one. */
    public Optional<String> feed(String token) {
        List<@Nullable UUID> owners = jdbc.queryForList("SELECT user_id FROM calendar_feeds WHERE token_hash = :hash",
                Map.of("hash", hash(token)), UUID.class);
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        return users.find(Objects.requireNonNull(owners.getFirst(), "user_id is the key")).map(summary -> {
            CurrentUser owner = new CurrentUser(summary.id(), summary.username(), summary.role());
            List<ICalendar.Entry> entries = new ArrayList<>();
            for (int page = 0; page < 50; page++) { // at most 5,000 bookings
                PageView<BookingView> found = bookings.mine(owner, Paging.of(page, Paging.MAX_SIZE));
                for (BookingView booking : found.items()) {
                    catalog.find(booking.eventId()).ifPresent(event -> entries.add(new ICalendar.Entry(event.id(), event.version(),
                            event.title(), event.description(), event.startTime(), event.endTime(), event.location(),
                            event.latitude(), event.longitude(), baseUrl + "/events/" + event.id(),
                            booking.status() == BookingStatus.CANCELLED || event.status() == io.eventflow.catalog.EventStatus.CANCELLED)));
                }
                if ((long) (page + 1) * found.size() >= found.total()) {
                    break;
                }
            }
            return ICalendar.feed(dedupe(entries), clock.instant(), "EventFlow: " + summary.username());
        });
    }

    /** One entry per event: a booking made again after a cancellation wins over the cancelled one. */
    private static List<ICalendar.Entry> dedupe(List<ICalendar.Entry> entries) {
        Map<UUID, ICalendar.Entry> byEvent = new java.util.LinkedHashMap<>();
        for (ICalendar.Entry entry : entries) {
            byEvent.merge(entry.eventId(), entry, (a, b) -> a.cancelled() ? b : a);
        }
        return List.copyOf(byEvent.values());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
