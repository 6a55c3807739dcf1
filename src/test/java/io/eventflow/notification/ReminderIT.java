package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;

/**
 * Reminders 30 minutes before an event: exactly one per participant, with two nodes running the job at the
 * same moment; they follow an event that moves and skip one that is cancelled. Time is moved by the nodes'
 * clocks, not waited for; the job's own schedule is off so only the test runs it.
 */
class ReminderIT {

    private static final Nodes nodes = new Nodes();
    private static Api nodeA;
    private static Api nodeB;

    @BeforeAll
    static void startTwoNodes() {
        Map<String, Object> cluster = Map.of(
                "eventflow.redis.key-prefix", TestInfrastructure.redisPrefix() + "reminders-" + UUID.randomUUID() + ":",
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

    private static ReminderScheduler job(Api node) {
        return nodes.context(node).getBean(ReminderScheduler.class);
    }

    private static void advanceBoth(Duration by) {
        clock(nodeA).advance(by);
        clock(nodeB).advance(by);
    }

    private static String eventStartingIn(Session organizer, Duration in) {
        Instant start = Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = EventCatalogIT.event("Starts soon");
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        return nodeA.createEvent(organizer, event);
    }

    private static List<WsClient> bells(List<Session> users, Api node) {
        List<WsClient> bells = new ArrayList<>();
        for (Session user : users) {
            WsClient bell = WsClient.connect(node, "/ws/notifications?token=" + user.accessToken());
            bell.assertOpen();
            bells.add(bell);
        }
        return bells;
    }

    @Test
    void twoNodesRunningTheJobAtOnceRemindEachParticipantExactlyOnce() throws Exception {
        Session organizer = nodeA.register("organizer");
        String eventId = eventStartingIn(organizer, Duration.ofMinutes(50));
        List<Session> attendees = List.of(nodeA.register("attendee"), nodeA.register("attendee"), nodeA.register("attendee"));
        attendees.forEach(a -> nodeA.book(a, eventId));
        List<WsClient> bells = bells(attendees, nodeB);
        try {
            assertThat(job(nodeA).sendDue()).as("50 minutes ahead: not yet").isZero();

            advanceBoth(Duration.ofMinutes(25));
            List<Callable<Integer>> runs = IntStream.range(0, 8)
                    .mapToObj(i -> (Callable<Integer>) () -> job(i % 2 == 0 ? nodeA : nodeB).sendDue()).toList();
            int sent = Parallel.run(8, runs).stream().mapToInt(Integer::intValue).sum();
            advanceBoth(Duration.ofMinutes(5)); // a later run finds them sent
            sent += job(nodeB).sendDue();

            assertThat(sent).as("other tests' events may be due too").isGreaterThanOrEqualTo(3);
            ReminderLog log = nodes.context(nodeA).getBean(ReminderLog.class);
            for (int i = 0; i < attendees.size(); i++) {
                assertThat(log.countFor(UUID.fromString(eventId), attendees.get(i).userId())).isEqualTo(1);
                JsonNode reminder = bells.get(i).next("reminder");
                assertThat(reminder.get("event_id").asString()).isEqualTo(eventId);
                assertThat(reminder.get("title").asString()).isEqualTo("Starts soon");
                assertThat(bells.get(i).collect("reminder", Duration.ofMillis(500))).as("a second reminder").isEmpty();
            }
        } finally {
            bells.forEach(WsClient::close);
        }
    }

    @Test
    void aMovedEventIsRemindedAtItsNewTimeAndACancelledOneNever() {
        Session organizer = nodeA.register("organizer");
        String moved = eventStartingIn(organizer, Duration.ofMinutes(45));
        String cancelled = eventStartingIn(organizer, Duration.ofMinutes(45));
        Session attendee = nodeA.register("attendee");
        nodeA.book(attendee, moved);
        nodeA.book(attendee, cancelled);
        Instant newStart = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        nodeA.patch("/api/v1/events/" + moved).bearer(organizer)
                .json(Map.of("start_time", newStart.toString(), "end_time", newStart.plus(1, ChronoUnit.HOURS).toString()))
                .send().expect(200);
        nodeA.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        try (WsClient bell = bells(List.of(attendee), nodeA).getFirst()) {
            advanceBoth(Duration.ofMinutes(20)); // when the old time would have been due
            job(nodeA).sendDue();
            assertThat(bell.collect("reminder", Duration.ofMillis(500))).isEmpty();

            advanceBoth(Duration.ofMinutes(140)); // 20 minutes before the new time
            job(nodeA).sendDue();
            JsonNode reminder = bell.next("reminder");
            assertThat(reminder.get("event_id").asString()).isEqualTo(moved);
            assertThat(Instant.parse(reminder.get("start_time").asString())).isEqualTo(newStart);
            assertThat(bell.collect("reminder", Duration.ofMillis(500))).as("nothing for the cancelled event").isEmpty();
        }
    }
}
