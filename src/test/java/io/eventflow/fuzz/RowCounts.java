package io.eventflow.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * The number of rows in every application table, read from the database's own table list so a table added later is
 * counted without anyone remembering to add it here.
 */
final class RowCounts {

    /**
     * Tables a request cannot be held to, each for a reason:
     * <ul>
     * <li>{@code flyway_schema_history}: written by migrations only, never by a request;</li>
     * <li>{@code event_publication}, {@code event_publication_given_up}: Spring Modulith's outbox bookkeeping. Rows of
     * requests accepted earlier are completed, deleted or moved here by the listeners and the retry job on their own
     * schedule. A domain event a refused request did publish would still be caught: its listeners write to the
     * business tables, which are counted.</li>
     * </ul>
     * Everything else is counted, the web UI's session tables included: EventFlow's API is stateless, so a refused
     * API request has no business opening a browser session either.
     */
    static final Set<String> NOT_COUNTED = Set.of("flyway_schema_history", "event_publication", "event_publication_given_up");

    private final DataSource dataSource;
    private final String query;

    RowCounts(DataSource dataSource) {
        this.dataSource = dataSource;
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rows.next()) {
                if (!NOT_COUNTED.contains(rows.getString(1))) {
                    tables.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no application tables found");
        }
        this.query = tables.stream().map(t -> "SELECT '" + t + "', COUNT(*) FROM " + t)
                .collect(Collectors.joining(" UNION ALL "));
    }

    Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** Domain events whose listeners have not finished yet: their writes are still to come. */
    long pendingPublications() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String difference(Map<String, Long> before, Map<String, Long> after) {
        return before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t)))
                .map(t -> t + " " + before.get(t) + " -> " + after.get(t)).collect(Collectors.joining(", "));
    }
}
