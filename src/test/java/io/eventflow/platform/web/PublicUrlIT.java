package io.eventflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;

/** Links that leave the request follow eventflow.public-url, not a Host header the client made up. */
class PublicUrlIT {

    private static final Nodes nodes = new Nodes();
    private static Api configured;

    @BeforeAll
    static void startNode() {
        configured = nodes.start(Map.of("eventflow.public-url", "https://events.example.com/"));
    }

    @AfterAll
    static void stopNode() {
        nodes.close();
    }

    @Test
    void aCalendarFileLinksToThePublicAddressWhateverTheHostHeaderSays() {
        Session organizer = configured.register("organizer");
        String id = configured.createEvent(organizer, EventCatalogIT.event("Linked"));

        // the Host header as a proxy passes it on (Java's client may not set Host itself)
        String ics = configured.get("/api/v1/events/" + id + ".ics").header("X-Forwarded-Host", "evil.example").send().expect(200).text();

        assertThat(ics.replace("\r\n ", "")).contains("URL:https://events.example.com/events/" + id).doesNotContain("evil.example");
    }

    @Test
    void aMisspelledPublicAddressStopsTheNodeNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nodes.start(Map.of("eventflow.public-url", "events.example.com")))
                // whichever setting derived from it is bound first names it too (the reset link, the mail links)
                .hasStackTraceContaining("must be an absolute http(s) address").hasStackTraceContaining("eventflow.public-url");
    }
}
