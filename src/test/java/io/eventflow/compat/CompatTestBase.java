package io.eventflow.compat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.eventflow.support.Api;

/** One Spring context for every compatibility test: the extra port on a free port, anonymous writes from loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "eventflow.compat.port=0", "eventflow.compat.v1-port=0" })
abstract class CompatTestBase {

    @LocalServerPort
    int mainPort;
    @Autowired
    CompatConnector connector;
    @Autowired
    JdbcTemplate jdbc;

    /** The old APIs' own port, where clients use the READMEs' paths. */
    Api compat;
    /** EventFlow's port: its own API, and the old routes under /api/compat. */
    Api main;

    @BeforeEach
    void connect() {
        compat = new Api(connector.localPort());
        main = new Api(mainPort);
    }

    long events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class);
    }

    long eventsTitled(String title) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM events WHERE title = ?", Long.class, title);
    }

    /** A start in the future: the READMEs' 2023 dates have passed, and a started event cannot be changed. */
    static String inDays(int days, int hour) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS)
                .toString().replace("Z", "");
    }
}
