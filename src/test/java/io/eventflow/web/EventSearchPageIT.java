package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;

/** The search page's price filters, as a browser's form (and the live search) send them; BrowserIT drives the rest. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventSearchPageIT {

    @LocalServerPort
    int port;

    @Test
    void theSearchFormFiltersByHighestPriceAndFreeAndKeepsThemInThePage() {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        String place = "Priceville " + UUID.randomUUID().toString().substring(0, 8);
        publish(api, organizer, "Gratis talk", place, null);
        publish(api, organizer, "Cheap workshop", place, 12.5);
        publish(api, organizer, "Gala dinner", place, 80.0);

        String page = html(api, "/events?location=" + place.replace(" ", "+") + "&max_price=20", false);
        assertThat(page).contains("Gratis talk", "Cheap workshop").doesNotContain("Gala dinner");
        assertThat(page).contains("name=\"max_price\" value=\"20\"");

        String fragment = html(api, "/events?location=" + place.replace(" ", "+") + "&free=true", true);
        assertThat(fragment).contains("Gratis talk").doesNotContain("Cheap workshop", "Gala dinner", "<form");

        assertThat(api.get("/events?max_price=-1").header("Accept", "text/html").send().status()).isEqualTo(400);
    }

    private static void publish(Api api, Session organizer, String title, String location, Double price) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("location", location);
        event.put("latitude", null);
        event.put("longitude", null);
        event.put("price", price);
        api.createEvent(organizer, event);
    }

    private static String html(Api api, String path, boolean htmx) {
        Api.Request request = api.get(path).header("Accept", "text/html,application/xhtml+xml");
        if (htmx) {
            request.header("HX-Request", "true");
        }
        Api.Response response = request.send().expect(200);
        assertThat(response.contentType()).startsWith("text/html");
        return response.text();
    }
}
