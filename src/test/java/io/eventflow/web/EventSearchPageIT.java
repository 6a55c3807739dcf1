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

    @Test
    void aTypedPlaceIsFoundAmongTheCatalogsOwnPlacesAndTheResultsSayHowFarAwayTheyAre() {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        String tag = "Geoville" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> near = EventCatalogIT.event(tag + " harbour talk");
        near.put("location", tag + " Harbour");
        near.put("latitude", -41.2);
        near.put("longitude", -20.5);
        api.createEvent(organizer, near);
        Map<String, Object> far = EventCatalogIT.event(tag + " mountain walk");
        far.put("latitude", -43.2);
        far.put("longitude", -20.5);
        api.createEvent(organizer, far);

        String around = html(api, "/events?q=" + tag + "&place=" + tag + "+harbour&radius_km=25", false);
        assertThat(around).contains("id=\"near-summary\"", "Within 25 km of " + tag + " harbour", "harbour talk",
                "class=\"distance\"", "0.0 km away").doesNotContain("mountain walk");
        assertThat(around).contains("<option value=\"distance\" selected=\"selected\">"); // nearest first

        String unknown = html(api, "/events?q=" + tag + "&place=Atlantis+" + tag, true);
        assertThat(unknown).contains("id=\"place-unknown\"", "harbour talk", "mountain walk");
        // coordinates out of range are no place either, not a failed search
        assertThat(html(api, "/events?q=" + tag + "&place=95,10", true)).contains("id=\"place-unknown\"");
        assertThat(html(api, "/events?q=" + tag + "&place=-43.2,-20.5", true)).contains("mountain walk")
                .doesNotContain("harbour talk");
    }

    @Test
    void theMapViewListsThePagesPointsAndTheListLinkLeavesIt() {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        String tag = "Mapview" + UUID.randomUUID().toString().substring(0, 8);
        api.createEvent(organizer, EventCatalogIT.event(tag + " located"));
        publish(api, organizer, tag + " online", null, null);

        String page = html(api, "/events?q=" + tag + "&view=map", false);
        assertThat(page).contains("id=\"search-map\"", "data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"",
                "id=\"map-points\"", "name=\"view\" value=\"map\"", "href=\"/events?q=" + tag + "\" id=\"view-list\"");
        assertThat(page.split("data-lat=", -1)).hasSize(2); // one point: the online event has none
        assertThat(html(api, "/events?q=" + tag, false)).doesNotContain("id=\"search-map\"", "id=\"map-points\"")
                .contains("href=\"/events?q=" + tag + "&amp;view=map\" id=\"view-map\"");
    }

    @Test
    void thePagesLetImagesComeFromTheConfiguredTileServerAndNoOtherSite() {
        Api.Response page = new Api(port).get("/events").header("Accept", "text/html").send().expect(200);
        assertThat(page.header("Content-Security-Policy")).contains("img-src 'self' data: https://tile.openstreetmap.org;");
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
