package io.eventflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Points every Spring context of a test run at the real local servers, before any context starts:
 * a fresh PostgreSQL database for this run (dropped by the next run), the local Redis under a key prefix of
 * this run, and an SMTP server in this JVM (GreenMail). Runs therefore never see each other's data.
 * <p>
 * Override the servers with EVENTFLOW_TEST_POSTGRES_URL (a JDBC URL of a database to create others from),
 * EVENTFLOW_TEST_POSTGRES_USER, EVENTFLOW_TEST_REDIS_HOST and EVENTFLOW_TEST_REDIS_PORT.
 */
public class TestInfrastructure implements LauncherSessionListener {

    private static final String ADMIN_URL = env("EVENTFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = env("EVENTFLOW_TEST_POSTGRES_USER", "postgres");

    public static final String ADMIN_USERNAME = "root-admin";
    public static final String ADMIN_EMAIL = "admin@eventflow.test";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static GreenMail greenMail;
    private static String database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (database != null) {
            return;
        }
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
        database = "eventflow_it_" + runId;
        dropDatabasesOfEarlierRuns();
        execute("CREATE DATABASE " + database);
        // a fixed port, so a test can stop the SMTP server and start it again where every context expects it
        greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();

        set("spring.datasource.url", ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database);
        set("spring.datasource.username", PG_USER);
        set("spring.datasource.password", "");
        set("spring.data.redis.host", env("EVENTFLOW_TEST_REDIS_HOST", "127.0.0.1"));
        set("spring.data.redis.port", env("EVENTFLOW_TEST_REDIS_PORT", "6379"));
        set("eventflow.redis.key-prefix", "eventflow-test:" + runId + ":");
        set("spring.mail.host", "127.0.0.1");
        set("spring.mail.port", Integer.toString(greenMail.getSmtp().getPort()));
        set("eventflow.data-dir", "target/test-data/" + runId);
        // many contexts share this JVM: the compatibility port is opened only by the tests about it (port 0)
        set("eventflow.compat.port", "-1");
        set("eventflow.compat.v1-port", "-1");
        byte[] secret = new byte[48];
        ThreadLocalRandom.current().nextBytes(secret);
        set("eventflow.identity.jwt.secret", Base64.getEncoder().encodeToString(secret));
        set("eventflow.identity.bcrypt-strength", "4"); // the minimum: keeps hundreds of test logins fast
        set("eventflow.identity.admin.username", ADMIN_USERNAME);
        set("eventflow.identity.admin.email", ADMIN_EMAIL);
        set("eventflow.identity.admin.password", ADMIN_PASSWORD);
        set("eventflow.rate-limit.enabled", "false"); // rate-limit tests switch it on in their own contexts
        // a dozen cached contexts close when the test JVM exits: no graceful waiting for requests there
        set("server.shutdown", "immediate");
        set("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        set("spring.rabbitmq.host", env("EVENTFLOW_TEST_RABBITMQ_HOST", "127.0.0.1"));
        set("eventflow.rabbitmq.prefix", "eventflow-test." + runId + ".");
        set("eventflow.rabbitmq.queue-expiry", "10m"); // the run's queues go away on their own
        set("eventflow.notification.lease", "3s");
        set("eventflow.notification.retry-base", "1s"); // failed mails are retried after 1, 2 s
        set("eventflow.notification.max-attempts", "3");
        set("eventflow.notification.dispatch-every", "200ms");
        // Spring caches one context per test configuration (and cluster tests start more nodes): each keeps its pool,
        // and PostgreSQL allows 100 clients. Pools shrink to 2 when idle, so the cached contexts leave room.
        set("spring.datasource.hikari.maximum-pool-size", "10");
        set("spring.datasource.hikari.minimum-idle", "2");
        set("spring.datasource.hikari.idle-timeout", "10000"); // ms (Hikari binds a plain long)
        set("eventflow.outbox.retry-every", "300ms");
        set("eventflow.outbox.retry-base", "300ms"); // a failed listener runs again after 0.3, 0.6, 1.2 s
        set("eventflow.outbox.max-attempts", "4"); // ... and is given up after its 4th attempt
        set("logging.level.root", "WARN");
        set("logging.level.io.eventflow", "INFO");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (greenMail != null) {
            greenMail.stop();
        }
        // The database stays until the next run: the cached Spring contexts still close after this point
        // (at JVM exit) and use it then, e.g. to mark unfinished event publications.
    }

    /**
     * Databases of finished runs; one still in use (a run going on in parallel) refuses the drop and stays. One created
     * in the last hours is left alone too: a parallel run's database has no connection yet while its first context
     * starts, and dropping it then failed that run.
     */
    private static void dropDatabasesOfEarlierRuns() {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, PG_USER, "");
                Statement statement = connection.createStatement();
                java.sql.ResultSet names = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'eventflow\\_it\\_%'")) {
            java.util.List<String> stale = new java.util.ArrayList<>();
            while (names.next()) {
                stale.add(names.getString(1));
            }
            LocalDateTime recent = LocalDateTime.now().minusHours(3);
            for (String name : stale) {
                if (createdAfter(name, recent)) {
                    continue;
                }
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP DATABASE IF EXISTS " + name);
                } catch (SQLException inUse) {
                    // another test run is using it
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is needed for the tests: " + e.getMessage(), e);
        }
    }

    private static boolean createdAfter(String database, LocalDateTime moment) {
        try {
            String stamp = database.substring("eventflow_it_".length(), "eventflow_it_".length() + 15);
            return LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")).isAfter(moment);
        } catch (RuntimeException unnamed) {
            return false; // not one of ours by its name: dropped if unused
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A second, empty database of this run (dropped by the next run like the first), for nodes that must not
     * share the run's database with the other tests' contexts. Returns its JDBC URL; Flyway builds the schema.
     */
    public static String createDatabase(String suffix) {
        String name = database + "_" + suffix;
        execute("CREATE DATABASE " + name);
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    /** The SMTP server every context of this run sends to. */
    public static GreenMail mail() {
        return greenMail;
    }

    public static String redisPrefix() {
        return System.getProperty("eventflow.redis.key-prefix");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, PG_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is needed for the tests (" + sql + "): "
                    + e.getMessage(), e);
        }
    }

    private static void set(String key, String value) {
        System.setProperty(key, value);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
