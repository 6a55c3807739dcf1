package io.eventflow.catalog;

import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Writes new events' rows in one JDBC batch and reads back the numbers the database gave them in the same round
 * trips (a generated key: {@code RETURNING number} on PostgreSQL). New events are written and never read back in the
 * same request, so Hibernate's persistence context, flush and dirty check bought nothing here (the reads skip it too,
 * see {@link EventSearch}); a change of an existing event still goes through the entity, for its version check.
 */
@Component
class EventInserts {

    private static final String[] NUMBER = {"number"};
    private final NamedParameterJdbcTemplate jdbc;

    EventInserts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the events in the caller's transaction and tells each its number. */
    void insert(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<String> columns = events.getFirst().columns().keySet(); // the same columns, in the same order, for each
        String sql = "INSERT INTO events (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(column -> ":" + column).collect(Collectors.joining(", ")) + ")";
        SqlParameterSource[] rows = new SqlParameterSource[events.size()];
        for (int i = 0; i < rows.length; i++) {
            MapSqlParameterSource row = new MapSqlParameterSource(events.get(i).columns());
            // typed nulls: the driver cannot tell a null's type from the value
            row.registerSqlType("category", Types.VARCHAR);
            row.registerSqlType("location", Types.VARCHAR);
            row.registerSqlType("currency", Types.VARCHAR);
            row.registerSqlType("latitude", Types.DOUBLE);
            row.registerSqlType("longitude", Types.DOUBLE);
            row.registerSqlType("capacity", Types.INTEGER);
            row.registerSqlType("price", Types.NUMERIC);
            row.registerSqlType("offer_ttl_seconds", Types.INTEGER);
            row.registerSqlType("series_id", Types.OTHER);
            row.registerSqlType("recurrence_id", Types.TIMESTAMP_WITH_TIMEZONE);
            rows[i] = row;
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.batchUpdate(sql, rows, keys, NUMBER);
        List<Map<String, Object>> numbers = keys.getKeyList();
        if (numbers.size() != events.size()) {
            throw new IllegalStateException("Inserted " + events.size() + " events, got " + numbers.size() + " numbers");
        }
        for (int i = 0; i < events.size(); i++) {
            Object number = numbers.get(i).values().iterator().next();
            events.get(i).numbered(((Number) Objects.requireNonNull(number, "an identity column")).longValue());
        }
    }
}
