package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestClock;

/**
 * An offer outlives the node that made it: the node stops before the offer's time is up, and a node started
 * afterwards — which never heard of the offer — expires it on its own schedule and offers the seat to the next in line.
 */
class OfferExpiryAfterRestartIT {

    private static final Nodes nodes = new Nodes();

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    @Test
    void aNodeStartedAfterTheOfferWasMadeExpiresItAndOffersTheSeatToTheNextInLine() {
        Api before = nodes.start(Map.of());
        Session organizer = before.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Restarted");
        event.put("capacity", 1);
        event.put("waitlist_mode", "offer");
        event.put("offer_ttl", "PT1M");
        String eventId = before.createEvent(organizer, event);
        Session holder = before.register("attendee");
        Session first = before.register("attendee");
        Session second = before.register("attendee");
        String seat = before.book(holder, eventId).get("id").asString();
        String offered = before.book(first, eventId).get("id").asString();
        String next = before.book(second, eventId).get("id").asString();
        before.delete("/api/v1/bookings/" + seat).bearer(holder).send().expect(204);
        assertThat(status(before, organizer, offered)).isEqualTo("offered");
        nodes.stop(before);

        Api after = nodes.start(Map.of("eventflow.booking.offer-sweep-every", "1s"));
        nodes.context(after).getBean(TestClock.class).advance(Duration.ofMinutes(2)); // the offer's time is up

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status(after, organizer, offered)).isEqualTo("cancelled"));
        assertThat(status(after, organizer, next)).isEqualTo("offered");
        assertThat(after.get("/api/v1/events/" + eventId).send().expect(200).body().get("seats_taken").asInt()).isEqualTo(1);
        assertThat(after.post("/api/v1/bookings/" + offered + "/accept").bearer(first).send().status())
                .as("too late").isEqualTo(409);
        assertThat(after.post("/api/v1/bookings/" + next + "/accept").bearer(second).send().expect(200).body()
                .get("status").asString()).isEqualTo("confirmed");
    }

    private static String status(Api node, Session organizer, String bookingId) {
        return node.get("/api/v1/bookings/" + bookingId).bearer(organizer).send().expect(200).body().get("status").asString();
    }
}
