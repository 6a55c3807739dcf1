package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;

/** The keyset pages an announcement is delivered by: everyone of the audience once, in booking order, nobody else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ParticipantPagesIT {

    @LocalServerPort
    int port;
    @Autowired
    Bookings bookings;

    @Test
    void pagesThroughTheAudienceOnceAndLeaveOutTheCancelled() {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Paged audience");
        event.put("capacity", 4);
        UUID eventId = UUID.fromString(api.createEvent(organizer, event));
        List<UUID> confirmed = new ArrayList<>();
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Session user = api.register("attendee");
            String status = api.book(user, eventId.toString()).get("status").asString();
            (status.equals("confirmed") ? confirmed : waiting).add(user.userId());
        }
        Session leaving = api.register("attendee");
        String gone = api.book(leaving, eventId.toString()).get("id").asString();
        api.delete("/api/v1/bookings/" + gone).bearer(leaving).send().expect(204);

        assertThat(all(eventId, false, 3)).containsExactlyInAnyOrderElementsOf(confirmed);
        List<UUID> everyone = all(eventId, true, 3);
        assertThat(everyone).hasSize(7).doesNotHaveDuplicates().doesNotContain(leaving.userId())
                .containsAll(confirmed).containsAll(waiting);
        // a page exactly as large as what is left ends with a next that finds nothing
        assertThat(all(eventId, false, 4)).hasSize(4);
        assertThat(bookings.participants(UUID.randomUUID(), true, null, 10)).isEqualTo(new Bookings.ParticipantPage(List.of(), null));
    }

    private List<UUID> all(UUID eventId, boolean withWaitlisted, int size) {
        List<UUID> users = new ArrayList<>();
        UUID after = null;
        int pages = 0;
        do {
            Bookings.ParticipantPage page = bookings.participants(eventId, withWaitlisted, after, size);
            assertThat(page.users()).hasSizeLessThanOrEqualTo(size);
            users.addAll(page.users());
            after = page.next();
            assertThat(++pages).as("pages end").isLessThan(10);
        } while (after != null);
        return users;
    }
}
