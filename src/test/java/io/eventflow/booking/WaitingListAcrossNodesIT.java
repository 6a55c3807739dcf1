package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestClock;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes whose clocks disagree, as they do by a few milliseconds on real machines (a minute here, to make it
 * certain): the waiting list keeps the order in which bookings joined it, whichever node took them.
 */
class WaitingListAcrossNodesIT {

    private static final Nodes nodes = new Nodes();
    private static Api nodeA;
    private static Api nodeB;

    @BeforeAll
    static void startTwoNodesWithSkewedClocks() {
        nodeA = nodes.start(Map.of());
        nodeB = nodes.start(Map.of());
        nodes.context(nodeB).getBean(TestClock.class).advance(Duration.ofMinutes(-1));
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    @Test
    void theWaitingListIsInArrivalOrderEvenWhenTheNodesClocksDisagree() {
        Session organizer = nodeA.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("One seat, two nodes");
        event.put("capacity", 1);
        String eventId = nodeA.createEvent(organizer, event);
        Session holder = nodeA.register("attendee");
        Session first = nodeA.register("attendee");
        Session second = nodeB.register("attendee"); // its node's clock is a minute behind
        String seat = nodeA.book(holder, eventId).get("id").asString();

        JsonNode early = nodeA.book(first, eventId);
        JsonNode late = nodeB.book(second, eventId);
        assertThat(early.get("waitlist_position").asInt()).isEqualTo(1);
        assertThat(late.get("waitlist_position").asInt()).isEqualTo(2);
        assertThat(read(first, early).get("waitlist_position").asInt()).as("read back later").isEqualTo(1);
        assertThat(read(second, late).get("waitlist_position").asInt()).isEqualTo(2);

        nodeB.delete("/api/v1/bookings/" + seat).bearer(holder).send().expect(204);

        assertThat(read(first, early).get("status").asString()).as("the first in line gets the seat").isEqualTo("confirmed");
        JsonNode stillWaiting = read(second, late);
        assertThat(stillWaiting.get("status").asString()).isEqualTo("waitlisted");
        assertThat(stillWaiting.get("waitlist_position").asInt()).isEqualTo(1);
    }

    private static JsonNode read(Session owner, JsonNode booking) {
        return nodeA.get("/api/v1/bookings/" + booking.get("id").asString()).bearer(owner).send().expect(200).body();
    }
}
