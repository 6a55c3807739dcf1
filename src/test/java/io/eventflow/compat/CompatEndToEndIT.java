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
}
