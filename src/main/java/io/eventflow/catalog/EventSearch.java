package io.eventflow.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.platform.paging.PageView;

/**
 * The read side of the catalog: one SQL statement per search, built only from allow-listed fragments with
 * every client value bound as a parameter. Each filter has an index behind it (see the V2 migrations):
 * trigram GIN for {@code q} and partial location on PostgreSQL, btree for exact filters, ranges and
 * sort keys, and a latitude/longitude btree as bounding-box prefilter before the exact great-circle
 * distance is computed.
 */
@Component
class EventSearch {

    static final double EARTH_RADIUS_KM = 6371.0088;
    /** Per degree of latitude on the sphere the distance uses, made 1 % smaller so the box errs on the wide side. */
    private static final double KM_PER_DEGREE = EARTH_RADIUS_KM * Math.PI / 180 * 0.99;
    private static final String DISTANCE = "(" + EARTH_RADIUS_KM + " * 2 * ASIN(LEAST(1.0, SQRT("
            + "POWER(SIN(RADIANS(e.latitude - :near_lat) / 2), 2) + "
            + "COS(RADIANS(:near_lat)) * COS(RADIANS(e.latitude)) * POWER(SIN(RADIANS(e.longitude - :near_lon) / 2), 2)))))";
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "start_time", "m.start_time", "created_at", "m.created_at", "popularity", "m.popularity",
            "title", "m.title", "price", "m.price", "distance", "m.distance_km");

    /** Rows a listing fetches per round trip: enough to keep the stream busy, few enough to keep memory flat. */
    static final int LISTING_FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;
    /** The same database, with a fetch size: PostgreSQL's driver then reads through a cursor instead of all rows. */
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final BrowseTotals totals = new BrowseTotals();

    EventSearch(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(LISTING_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    // No transaction around reads: each is one autocommitted statement. A read-only transaction would cost
    // BEGIN, SET READ ONLY, reset and COMMIT round trips, ~18 % of a GET by id's CPU in bench/catalog.
    PageView<EventView> search(EventQuery query) {
        if (query.browses()) {
            return browse(query);
        }
        Map<String, Object> params = new HashMap<>();
        String sql = sqlFor(query, params);
        long[] total = {-1};
        List<EventView> items = jdbc.query(sql, params, (rs, n) -> {
            total[0] = rs.getLong("total_matches");
            return view(rs);
        });
        if (items.isEmpty()) {
            // a page past the end has no row to carry the total: count separately (rare)
            Map<String, Object> countParams = new HashMap<>();
            Long count = jdbc.queryForObject("SELECT COUNT(*) FROM events e" + where(query, countParams), countParams,
                    Long.class);
            total[0] = Objects.requireNonNull(count, "COUNT(*) always returns a row");
        }
        return new PageView<>(items, query.paging().page(), query.paging().size(), total[0]);
    }

    /**
     * A browse ({@link EventQuery#browses()}): the page through the sort key's index, then the number of matches by
     * {@code COUNT(*)} only when the page does not tell it. The window function of a search would read and sort every
     * event to count them: 100,000 rows for a page of 20 at 100,000 events (bench/catalog/run-writes.sh). The count
     * still reads every match, so it is kept for a second ({@link BrowseTotals}). The statements are autocommitted
     * apart, so an event created in between may count in the total but not the page, as it would on the next page.
     */
    private PageView<EventView> browse(EventQuery query) {
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        int size = query.paging().size();
        long offset = query.paging().offset();
        List<EventView> items = jdbc.query(browseSqlFor(where, query), params, (rs, n) -> view(rs));
        long total;
        if (!items.isEmpty() && items.size() < size) {
            total = offset + items.size(); // the last page: every match is before it or on it
        } else {
            total = totals.get(where, params, () -> Objects.requireNonNull(
                    jdbc.queryForObject("SELECT COUNT(*) FROM events e" + where, params, Long.class), "one row"));
        }
        return new PageView<>(items, query.paging().page(), size, total);
    }

    /**
     * A browse's page: no fence around the filters, so the planner reads the sort key's index in order. LIMIT and
     * OFFSET are written as numbers (checked by {@code Paging}), not bound: with a bound LIMIT, PostgreSQL's generic
     * plan for a prepared statement (the driver's, from the fifth run on) cannot know the page is small and may sort
     * the whole table instead.
     */
    static String browseSqlFor(String where, EventQuery query) {
        return "SELECT m.* FROM (SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e" + where + ") m"
                + orderBy(query) + " LIMIT " + query.paging().size() + " OFFSET " + query.paging().offset();
    }

    /** One event by id, read like search results (no entity, no persistence context: this is the hottest read). */
    Optional<EventView> byId(UUID id) {
        return jdbc.query("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e WHERE e.id = :id",
                Map.of("id", id), (rs, n) -> view(rs)).stream().findFirst();
    }

    /** The revision of one event: three numbers through the primary key, not the row's text (a 304 needs no more). */
    Optional<EventRevision> revisionOf(UUID id) {
        return jdbc.query("SELECT version, seats_taken, popularity FROM events WHERE id = :id", Map.of("id", id),
                (rs, n) -> new EventRevision(rs.getLong("version"), rs.getInt("seats_taken"), rs.getInt("popularity")))
                .stream().findFirst();
    }

    /** One event by its number, read as by id (through the unique index on the number). */
    Optional<EventView> byNumber(long number) {
        return jdbc.query("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e "
                + "WHERE e.number = :number", Map.of("number", number), (rs, n) -> view(rs)).stream().findFirst();
    }

    Optional<UUID> idByNumber(long number) {
        return jdbc.query("SELECT id FROM events WHERE number = :number", Map.of("number", number),
                (rs, n) -> rs.getObject("id", UUID.class)).stream().findFirst();
    }

    /**
     * Hands every event of the listing to {@code each} as it is read, in one statement, holding none of them: the
     * caller writes each straight out, so memory stays flat however large the catalog. PostgreSQL's driver reads
     * through a cursor, {@link #LISTING_FETCH_SIZE} rows at a time, only inside a transaction (with autocommit on it
     * reads every row before returning the first), hence the read-only transaction the other reads go without.
     * It stays open while {@code each} writes, so a slow reader holds one connection (and an old snapshot) as long.
     */
    void forEach(EventListingQuery listing, Consumer<EventView> each) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e");
        EventListingQuery.Field where = listing.where();
        if (where != null) {
            String column = "e." + where.column;
            sql.append(" WHERE ").append(switch (where.kind) {
                case TEXT -> "LOWER(" + column + ") = LOWER(:value)"; // as search's where=location: ix_events_location_lower
                case LOWER_CASE -> column + " = LOWER(:value)";
                case WHOLE_NUMBER, TIME, ID -> column + " = :value";
            });
            Object value = Objects.requireNonNull(listing.value(), "parsed with its field");
            params.put("value", value instanceof Instant instant ? Timestamp.from(instant) : value);
        }
        sql.append(" ORDER BY e.").append(listing.orderBy().column).append(listing.descending() ? " DESC" : " ASC");
        if (listing.orderBy() != EventListingQuery.Field.NUMBER) {
            sql.append(", e.number ASC"); // unique: a total order, the same on every run
        }
        readOnly.executeWithoutResult(
                status -> streaming.query(sql.toString(), params, (RowCallbackHandler) rs -> each.accept(view(rs))));
    }

    /**
     * Every match of a search, not a page of it, handed to {@code each} as it is read — as {@link #forEach(
     * EventListingQuery, Consumer)} does, through a cursor in a read-only transaction — in the search's order. The
     * query's paging is ignored. For older APIs whose lists were whole, with the search's filters.
     */
    void forEach(EventQuery query, Consumer<EventView> each) {
        Map<String, Object> params = new HashMap<>();
        String sql = "SELECT m.* FROM (SELECT e.*, "
                + (query.near() != null ? DISTANCE : "CAST(NULL AS DOUBLE PRECISION)") + " AS distance_km FROM events e"
                + where(query, params) + ") m" + orderBy(query);
        readOnly.executeWithoutResult(
                status -> streaming.query(sql, params, (RowCallbackHandler) rs -> each.accept(view(rs))));
    }

    /**
     * The one statement a search runs: the page, with the number of all matches computed by a window
     * function over the same scan, so the index work is done once rather than again by a COUNT query.
     * Also what the benchmark feeds to pgbench and EXPLAIN.
     */
    String sqlFor(EventQuery query, Map<String, Object> params) {
        String where = where(query, params);
        params.put("limit", query.paging().size());
        params.put("offset", query.paging().offset());
        // The inner query (kept apart by OFFSET 0) is planned for its filters alone; left to itself the planner
        // may pick an index matching ORDER BY and scan the whole table in that order, since the window
        // function needs every match before LIMIT applies (68 ms instead of 5 ms in bench/catalog).
        return "SELECT m.*, COUNT(*) OVER () AS total_matches FROM (SELECT e.*, "
                + (query.near() != null ? DISTANCE : "CAST(NULL AS DOUBLE PRECISION)") + " AS distance_km FROM events e"
                + where + " OFFSET 0 ROWS) m" + orderBy(query) + " LIMIT :limit OFFSET :offset";
    }

    private static String where(EventQuery query, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        for (int i = 0; i < query.terms().size(); i++) {
            sql.append(" AND e.search_text LIKE :term").append(i).append(" ESCAPE '\\'");
            params.put("term" + i, "%" + escapeLike(query.terms().get(i)) + "%");
        }
        if (query.locationContains() != null) {
            sql.append(" AND LOWER(e.location) LIKE :location_part ESCAPE '\\'");
            params.put("location_part", "%" + escapeLike(query.locationContains().toLowerCase(Locale.ROOT)) + "%");
        }
        if (query.category() != null) {
            sql.append(" AND e.category = :category");
            params.put("category", query.category().toLowerCase(Locale.ROOT));
        }
        if (query.organizerId() != null) {
            sql.append(" AND e.organizer_id = :organizer_id");
            params.put("organizer_id", query.organizerId());
        }
        if (query.from() != null) {
            sql.append(" AND e.start_time >= :from_time");
            params.put("from_time", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND e.start_time <= :to_time");
            params.put("to_time", Timestamp.from(query.to()));
        }
        // both as "IS NULL OR": a price's btree (ix_events_price) answers each half, where COALESCE would hide it
        if (query.maxPrice() != null) {
            sql.append(" AND (e.price IS NULL OR e.price <= :max_price)"); // no price: free, so within any bound
            params.put("max_price", query.maxPrice());
        }
        if (query.free()) {
            sql.append(" AND (e.price IS NULL OR e.price = 0)");
        }
        query.where().forEach((field, value) -> {
            switch (field) {
                case "category" -> sql.append(" AND e.category = :where_category");
                case "location" -> sql.append(" AND LOWER(e.location) = LOWER(:where_location)");
                case "organizer_id" -> sql.append(" AND e.organizer_id = :where_organizer_id");
                case "status" -> sql.append(" AND e.status = :where_status");
                case "currency" -> sql.append(" AND e.currency = :where_currency");
                case "timezone" -> sql.append(" AND LOWER(e.timezone) = LOWER(:where_timezone)");
                default -> throw new IllegalStateException("not in the allow-list: " + field);
            }
            params.put("where_" + field, switch (field) {
                case "organizer_id" -> UUID.fromString(value);
                case "currency" -> value.toUpperCase(Locale.ROOT);
                case "timezone" -> value;
                default -> value.toLowerCase(Locale.ROOT);
            });
        });
        if (query.near() != null) {
            nearFilter(query.near(), sql, params);
        }
        return sql.toString();
    }

    private static void nearFilter(EventQuery.Near near, StringBuilder sql, Map<String, Object> params) {
        double dLat = near.radiusKm() / KM_PER_DEGREE;
        params.put("near_lat", near.latitude());
        params.put("near_lon", near.longitude());
        params.put("min_lat", near.latitude() - dLat);
        params.put("max_lat", near.latitude() + dLat);
        sql.append(" AND e.latitude BETWEEN :min_lat AND :max_lat");
        if (Math.abs(near.latitude()) + dLat < 89) { // near a pole every longitude can be within reach
            double dLon = near.radiusKm() / (KM_PER_DEGREE * Math.cos(Math.toRadians(Math.abs(near.latitude()) + dLat)));
            double minLon = near.longitude() - dLon;
            double maxLon = near.longitude() + dLon;
            if (dLon < 180) {
                if (minLon < -180 || maxLon > 180) { // the box crosses the antimeridian: two ranges
                    params.put("min_lon", minLon < -180 ? minLon + 360 : minLon);
                    params.put("max_lon", maxLon > 180 ? maxLon - 360 : maxLon);
                    sql.append(" AND (e.longitude >= :min_lon OR e.longitude <= :max_lon)");
                } else {
                    params.put("min_lon", minLon);
                    params.put("max_lon", maxLon);
                    sql.append(" AND e.longitude BETWEEN :min_lon AND :max_lon");
                }
            }
        }
        sql.append(" AND ").append(DISTANCE).append(" <= :radius_km");
        params.put("radius_km", near.radiusKm());
    }

    private static String orderBy(EventQuery query) {
        StringBuilder sql = new StringBuilder(" ORDER BY ");
        for (EventQuery.SortKey key : query.sort()) {
            sql.append(SORT_COLUMNS.get(key.field())).append(key.descending() ? " DESC" : " ASC").append(", ");
        }
        return sql.append("m.id ASC").toString(); // a total order: pages neither repeat nor skip rows
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static @Nullable String offerTtlText(@Nullable Integer seconds) {
        return seconds == null ? null : java.time.Duration.ofSeconds(seconds).toString();
    }

    static EventView view(ResultSet rs) throws SQLException {
        Integer capacity = (Integer) rs.getObject("capacity", Integer.class);
        int seatsTaken = rs.getInt("seats_taken");
        Double distance = rs.getObject("distance_km", Double.class);
        return new EventView(rs.getObject("id", UUID.class), rs.getLong("number"), rs.getString("title"),
                rs.getString("description"), rs.getString("category"),
                rs.getObject("start_time", OffsetDateTime.class).toInstant(),
                rs.getObject("end_time", OffsetDateTime.class).toInstant(), rs.getString("timezone"),
                rs.getString("location"), rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                rs.getInt("geofence_radius_m"), capacity, rs.getObject("price", BigDecimal.class), rs.getString("currency"),
                rs.getObject("organizer_id", UUID.class), EventStatus.fromWire(rs.getString("status")),
                rs.getInt("popularity"), seatsTaken, capacity == null ? null : Math.max(0, capacity - seatsTaken),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("version"),
                WaitlistMode.fromWire(rs.getString("waitlist_mode")), offerTtlText(rs.getObject("offer_ttl_seconds", Integer.class)),
                distance == null ? null : Math.round(distance * 1000) / 1000.0, rs.getObject("series_id", UUID.class));
    }
}
