package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.catalog.EventCatalog;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code event_starting_soon} on {@code /ws/events}: everyone connected to any node is told once of an event about
 * to start, however many nodes run the job and however often, across a restart. The nodes have a database of their
 * own (no other test's events or jobs) and a Redis channel of their own; their job's schedule is off so only the
 * test runs it, and time is moved by the nodes' clocks, not waited for.
 */
class StartingSoonIT {

    private static final Nodes nodes = new Nodes();
    private static Map<String, Object> cluster;
    private static Api nodeA;
    private static Api nodeB;

    @BeforeAll
    static void startTwoNodes() {
        cluster = Map.of("spring.datasource.url", TestInfrastructure.createDatabase("soon"),
                "eventflow.redis.key-prefix", TestInfrastructure.redisPrefix() + "soon-" + UUID.randomUUID() + ":",
                "eventflow.scheduling.enabled", "false");
        nodeA = nodes.start(cluster);
        nodeB = nodes.start(cluster);
    }

    @AfterEach
    void resetClocks() {
        clock(nodeA).reset();
        clock(nodeB).reset();
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    private static TestClock clock(Api node) {
        return nodes.context(node).getBean(TestClock.class);
    }

    private static StartingSoonAnnouncer job(Api node) {
        return nodes.context(node).getBean(StartingSoonAnnouncer.class);
    }

    private static AnnouncementLog announcements() {
        return nodes.context(nodeA).getBean(AnnouncementLog.class);
    }

    private static void advanceBoth(Duration by) {
        clock(nodeA).advance(by);
        clock(nodeB).advance(by);
    }

    /** A start this far from now on the wall clock (the nodes' clocks are not moved yet when events are made). */
    private static Instant startIn(Duration in) {
        return Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String createEvent(Session organizer, String title, Instant start) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        return nodeA.createEvent(organizer, event);
    }

    private static long announced(String eventId) {
        return announcements().countFor(UUID.fromString(eventId), AnnouncementLog.STARTING_SOON);
    }

    @Test
    void everyoneOnTheEventFeedOfEitherNodeIsToldOnceOfAnEventStartingIn20MinutesAndNotOfOneIn2HoursOrACancelledOne()
            throws Exception {
        Session organizer = nodeA.register("organizer");
        Instant start = startIn(Duration.ofMinutes(50));
        String soon = createEvent(organizer, "Opening keynote", start);
        String later = createEvent(organizer, "Closing party", startIn(Duration.ofMinutes(150)));
        String cancelled = createEvent(organizer, "Cancelled workshop", startIn(Duration.ofMinutes(50)));
        nodeA.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        try (WsClient onA = WsClient.connect(nodeA, "/ws/events"); WsClient onB = WsClient.connect(nodeB, "/ws/events")) {
            onA.assertOpen(); // subscribed before the job runs
            onB.assertOpen();
            assertThat(job(nodeA).announceDue()).as("50 minutes ahead: not yet").isZero();

            advanceBoth(Duration.ofMinutes(30)); // the keynote starts in 20 minutes, the party in 2 hours
            List<Callable<Integer>> runs = IntStream.range(0, 8)
                    .mapToObj(i -> (Callable<Integer>) () -> job(i % 2 == 0 ? nodeA : nodeB).announceDue()).toList();
            int made = Parallel.run(8, runs).stream().mapToInt(Integer::intValue).sum();

            assertThat(made).as("eight runs on two nodes at once").isEqualTo(1);
            for (WsClient client : List.of(onA, onB)) {
                JsonNode announcement = client.next(StartingSoonAnnouncer.FRAME);
                assertThat(announcement.get("id").asString()).isEqualTo(soon);
                assertThat(announcement.get("title").asString()).isEqualTo("Opening keynote");
                assertThat(Instant.parse(announcement.get("start_time").asString())).isEqualTo(start);
                assertThat(announcement.get("location").asString()).isEqualTo("Tel Aviv, Rothschild 1");
                assertThat(announcement.get("minutes_until_start").asLong()).as("20, less the seconds the test took")
                        .isBetween(15L, 20L);
            }

            assertThat(job(nodeA).announceDue() + job(nodeB).announceDue()).as("the next runs").isZero();
            advanceBoth(Duration.ofMinutes(5));
            assertThat(job(nodeB).announceDue()).as("a run five minutes on").isZero();
            for (WsClient client : List.of(onA, onB)) {
                assertThat(client.collect(StartingSoonAnnouncer.FRAME, Duration.ofMillis(500))).isEmpty();
            }
        }
        assertThat(announced(soon)).isEqualTo(1);
        assertThat(announced(later)).isZero();
        assertThat(announced(cancelled)).isZero();
    }

    @Test
    void aRestartedNodeDoesNotAnnounceAgainButAStartMovedByTheOrganizerIsAnnouncedAnew() {
        Session organizer = nodeA.register("organizer");
        Instant start = startIn(Duration.ofMinutes(50));
        String eventId = createEvent(organizer, "Sprint review", start);

        try (WsClient feed = WsClient.connect(nodeA, "/ws/events/")) { // as the older clients connect
            feed.assertOpen();
            advanceBoth(Duration.ofMinutes(30));
            assertThat(job(nodeB).announceDue()).isEqualTo(1);
            assertThat(feed.next(StartingSoonAnnouncer.FRAME).get("id").asString()).isEqualTo(eventId);

            nodes.stop(nodeB);
            nodeB = nodes.start(cluster); // nothing of the first run is left but the database
            clock(nodeB).advance(Duration.ofMinutes(30));
            assertThat(job(nodeB).announceDue()).as("after the restart").isZero();

            Instant moved = start.plus(10, ChronoUnit.MINUTES); // the token of the registration expired meanwhile
            Session again = nodeA.login(organizer.username(), organizer.password());
            nodeA.patch("/api/v1/events/" + eventId).bearer(again)
                    .json(Map.of("start_time", moved.toString(), "end_time", moved.plus(2, ChronoUnit.HOURS).toString()))
                    .send().expect(200);
            assertThat(job(nodeB).announceDue()).as("the new start").isEqualTo(1);
            JsonNode announcement = feed.next(StartingSoonAnnouncer.FRAME);
            assertThat(announcement.get("id").asString()).isEqualTo(eventId);
            assertThat(Instant.parse(announcement.get("start_time").asString())).isEqualTo(moved);
            assertThat(announcement.get("minutes_until_start").asLong()).isBetween(25L, 30L);
            assertThat(job(nodeA).announceDue()).isZero();
            assertThat(feed.collect(StartingSoonAnnouncer.FRAME, Duration.ofMillis(500))).isEmpty();
        }
        assertThat(announced(eventId)).as("one per start").isEqualTo(2);
    }

    @Test
    void anAnnouncementThatCouldNotReachTheRelayIsMadeByTheNextRun() {
        Session organizer = nodeA.register("organizer");
        String eventId = createEvent(organizer, "Hackathon kick-off", startIn(Duration.ofMinutes(50)));
        ConfigurableApplicationContext context = nodes.context(nodeA);
        Relay unreachable = (topic, frame) -> {
            throw new RedisConnectionFailureException("Redis is down");
        };
        StartingSoonAnnouncer cutOff = new StartingSoonAnnouncer(context.getBean(EventCatalog.class),
                context.getBean(AnnouncementLog.class), new Fanout(unreachable, context.getBean(JsonMapper.class)),
                context.getBean(TransactionTemplate.class), clock(nodeA), context.getBean(RealtimeProperties.class));

        try (WsClient feed = WsClient.connect(nodeB, "/ws/events")) {
            feed.assertOpen();
            advanceBoth(Duration.ofMinutes(30));
            assertThat(cutOff.announceDue()).isZero();
            assertThat(announced(eventId)).as("the claim rolled back with the failed publication").isZero();

            assertThat(job(nodeA).announceDue()).isEqualTo(1);
            assertThat(feed.next(StartingSoonAnnouncer.FRAME).get("id").asString()).isEqualTo(eventId);
        }
        assertThat(announced(eventId)).isEqualTo(1);
    }
}
