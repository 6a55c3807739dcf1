package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.WsClient;

/** One event, one catalog: whichever door it came through, every other door shows it. */
class CompatEndToEndIT extends CompatTestBase {

    @Test
    void anEventCreatedThroughOneOldApiIsTheSameEventEverywhere() {
        String title = "Convention " + UUID.randomUUID().toString().substring(0, 8);
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(15).toString();
        try (WsClient onCompat = WsClient.connect(compat, "/ws/events"); WsClient onMain = WsClient.connect(main, "/ws/events")) {
            long id = compat.post("/events").json(Map.of("title", title, "location", "Bat Yam", "date", day)).send()
                    .expect(201).body().get("id").asLong();

            JsonNode own = main.get("/api/v1/events?q=" + title.replace(" ", "+")).send().expect(200).body()
                    .get("items").get(0);
            assertThat(own.get("number").asLong()).isEqualTo(id);
            String uuid = own.get("id").asString();
            assertThat(main.get("/api/v1/events/" + uuid).send().expect(200).body().get("title").asString()).isEqualTo(title);
            assertThat(main.get("/events/" + uuid).header("Accept", "text/html").send().expect(200).text()).contains(title);
            assertThat(compat.get("/events/get?id=" + id).send().expect(200).body().get("title").asString()).isEqualTo(title);
            assertThat(compat.get("/api/event/" + id).send().expect(200).body().get("name").asString()).isEqualTo(title);
            assertThat(compat.get("/events/get_all?wherekey=title&whereValue=" + title.replace(" ", "%20")).send()
                    .expect(200).body()).hasSize(1);

            for (WsClient client : List.of(onCompat, onMain)) {
                assertThat(client.next("event_created", data -> data.toString().contains(title))).isNotNull();
            }
        }
    }

    /** Seed 003's client books, seed 004's organizer reads the statistics, and the web UI shows the seat gone. */
    @Test
    void aBookingThroughTheGatewayShowsInTheV1StatisticsAndTheWebUi() {
        io.eventflow.support.Api.Session organizer = main.register("organizer");
        java.util.Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Shared seats " + UUID.randomUUID());
        event.put("capacity", 3);
        String eventId = main.createEvent(organizer, event);
        io.eventflow.support.Api.Session guest = main.register("attendee");

        JsonNode booking = main.post("/bookings").bearer(guest).json(Map.of("event_id", eventId)).send().expect(201).body();
        assertThat(booking.get("status").asString()).isEqualTo("confirmed");

        io.eventflow.support.Api v1 = new io.eventflow.support.Api(connector.localPort(Door.V1_API));
        JsonNode stats = v1.get("/api/v1/events/" + eventId + "/stats").bearer(organizer).send().expect(200).body();
        assertThat(stats.get("message").asString()).isNotBlank();
        assertThat(stats.at("/data/confirmed").asLong()).isEqualTo(1);
        assertThat(stats.at("/data/capacity").asInt()).isEqualTo(3);

        String page = main.get("/events/" + eventId).header("Accept", "text/html").send().expect(200).text();
        assertThat(page).contains("2 of 3 seats left");
    }
}
