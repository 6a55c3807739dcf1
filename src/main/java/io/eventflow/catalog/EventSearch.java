package io.eventflow.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

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

    private final NamedParameterJdbcTemplate jdbc;

    EventSearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // No transaction around reads: each is one autocommitted statement. A read-only transaction would cost
    // BEGIN, SET READ ONLY, reset and COMMIT round trips, ~18 % of a GET by id's CPU in bench/catalog.
    PageView<EventView> search(EventQuery query) {
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

    /** One event by id, read like search results (no entity, no persistence context: this is the hottest read). */
    Optional<EventView> byId(UUID id) {
        return jdbc.query("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e WHERE e.id = :id",
                Map.of("id", id), (rs, n) -> view(rs)).stream().findFirst();
    }

    /** The numbers the database gave these events, by id; in the caller's transaction, so it sees its own inserts. */
    Map<UUID, Long> numbersOf(List<UUID> ids) {
        Map<UUID, Long> numbers = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, number FROM events WHERE id IN (:ids)", Map.of("ids", ids),
                    (RowCallbackHandler) rs -> numbers.put(rs.getObject("id", UUID.class), rs.getLong("number")));
        }
        return numbers;
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
                distance == null ? null : Math.round(distance * 1000) / 1000.0);
    }
}
