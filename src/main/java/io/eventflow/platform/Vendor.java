package io.eventflow.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Which database this is. Inserts that must do nothing when the row exists are vendor SQL: PostgreSQL's
 * ON CONFLICT DO NOTHING is race-free; H2 (embedded mode) uses NOT EXISTS, which two concurrent requests can
 * both pass: the loser gets a DuplicateKeyException that callers treat as "already there".
 */
@Component
public class Vendor {

    private final boolean postgres;

    public Vendor(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** An INSERT of {@code columns} from named parameters that does nothing if {@code uniqueColumns} already exist. */
    public String insertIfAbsent(String table, String columns, String uniqueColumns) {
        String[] names = columns.split(",\\s*");
        String values = String.join(", ", java.util.Arrays.stream(names).map(n -> ":" + n).toList());
        if (postgres) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (" + uniqueColumns + ") DO NOTHING";
        }
        String match = String.join(" AND ", java.util.Arrays.stream(uniqueColumns.split(",\\s*")).map(c -> c + " = :" + c).toList());
        return "INSERT INTO " + table + " (" + columns + ") SELECT " + values + " WHERE NOT EXISTS (SELECT 1 FROM " + table
                + " WHERE " + match + ")";
    }
}
