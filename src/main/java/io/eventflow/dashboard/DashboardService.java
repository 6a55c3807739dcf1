package io.eventflow.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.BookingActivity;
import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.media.Photos;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.RuleViolated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * Puts the dashboards together from the booking module's statistics and activity, the catalog and the photo
 * counts. Read in one repeatable-read transaction, so the figures of one answer agree with each other (nobody
 * present who is not counted as booked).
 */
@Service
class DashboardService implements Dashboards {

    /** Arrivals open an hour before the start by default: the check-in chart starts there. */
    static final Duration CHECK_IN_LEAD = Duration.ofHours(1);
    static final String DEFAULT_SORT = "-start_time";

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final BookingActivity activity;
    private final Photos photos;
    private final Clock clock;

    DashboardService(EventCatalog catalog, Bookings bookings, BookingActivity activity, Photos photos, Clock clock) {
        this.catalog = catalog;
        this.bookings = bookings;
        this.activity = activity;
        this.photos = photos;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public EventDashboard ofEvent(CurrentUser actor, UUID eventId, @Nullable String bucket) {
        EventSnapshot event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        Bookings.EventStats stats = bookings.stats(actor, eventId); // the organizer's or an admin's, or NotAllowed
        BucketWidth asked = BucketWidth.parse(bucket);
        Instant now = clock.instant();

        BookingActivity.Span span = activity.bookingSpan(eventId);
        Instant first = span == null ? now : span.first();
        Instant last = span == null ? now : span.last();
        BucketWidth bookingWidth = asked != null ? asked : BucketWidth.auto(first, last);
        if (bookingWidth.bucketsOver(first, last) > BucketWidth.MAX_BUCKETS) {
            throw new RuleViolated("The bookings span " + Duration.between(first, last).toHours() + " hours: "
                    + bookingWidth.wireName() + " buckets would be more than " + BucketWidth.MAX_BUCKETS,
                    List.of(new FieldProblem("bucket", "is too narrow for this event's bookings; choose a wider one")));
        }
        List<EventDashboard.BookingPoint> bookingPoints = new ArrayList<>();
        long total = 0;
        for (BookingActivity.BookingBucket b : span == null ? List.<BookingActivity.BookingBucket>of()
                : activity.bookingsOverTime(eventId, bookingWidth.width())) {
            total += b.booked() - b.cancelled();
            bookingPoints.add(new EventDashboard.BookingPoint(b.start(), b.booked(), b.cancelled(), total));
        }

        BucketWidth checkInWidth = BucketWidth.auto(event.startTime().minus(CHECK_IN_LEAD), event.endTime());
        List<EventDashboard.CheckInPoint> checkInPoints = activity.checkInsOverTime(eventId, checkInWidth.width())
                .stream().map(b -> new EventDashboard.CheckInPoint(b.start(), b.ticket(), b.arrival())).toList();

        BookingActivity.CheckIns checkIns = activity.checkIns(eventId);
        long expected = stats.confirmed();
        Integer capacity = stats.capacity();
        long held = stats.confirmed() + stats.offered(); // an offered seat is nobody else's either
        return new EventDashboard(event.id(), event.title(), event.startTime(), event.endTime(), event.status(),
                capacity, held, capacity == null ? null : Math.max(0L, capacity - held),
                capacity == null || capacity == 0 ? null : ratio(held, capacity), stats.waitlisted(), stats.offered(),
                stats.cancelled(), stats.rsvpCount(),
                new EventDashboard.CheckIns(checkIns.present(), expected, ratio(checkIns.present(), expected),
                        checkIns.byTicket(), checkIns.byArrival(), checkIns.both()),
                photos.countsOfEvents(List.of(eventId)).getOrDefault(eventId, 0L),
                new EventDashboard.BookingSeries(bookingWidth, bookingWidth.width().getSeconds(), bookingPoints),
                new EventDashboard.CheckInSeries(checkInWidth, checkInWidth.width().getSeconds(), checkInPoints), now);
    }

    @Override
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public PageView<EventSummary> ofOrganizer(CurrentUser actor, @Nullable String sort, Paging paging) {
        EventPolicy.requirePublisher(actor);
        PageView<EventView> events = catalog.search(new EventSearchRequest(null, null, null, actor.id().toString(),
                null, null, null, null, null, sort == null || sort.isBlank() ? DEFAULT_SORT : sort, paging.page(),
                paging.size()));
        List<UUID> ids = events.items().stream().map(EventView::id).toList();
        Map<UUID, BookingActivity.EventTotals> totals = activity.totalsOfEvents(ids);
        Map<UUID, Long> photoCounts = photos.countsOfEvents(ids);
        return events.map(e -> {
            BookingActivity.EventTotals t = totals.getOrDefault(e.id(), new BookingActivity.EventTotals(Map.of(), 0));
            long confirmed = t.count(BookingStatus.CONFIRMED.wireName());
            long offered = t.count(BookingStatus.OFFERED.wireName());
            return new EventSummary(e.id(), e.title(), e.startTime(), e.endTime(), e.status(), e.capacity(),
                    confirmed + offered, t.count(BookingStatus.WAITLISTED.wireName()), offered, t.present(),
                    ratio(t.present(), confirmed),
                    photoCounts.getOrDefault(e.id(), 0L));
        });
    }

    /** Four decimals, as the statistics' fill rate. */
    static @Nullable Double ratio(long part, long whole) {
        return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
