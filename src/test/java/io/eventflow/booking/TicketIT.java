package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;

/** Tickets: a QR image only for the holder, one check-in at the door, forged codes refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TicketIT {

    @LocalServerPort
    int port;
    Api api;
    Session organizer;
    String eventId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Ticketed");
        event.put("capacity", 1);
        eventId = api.createEvent(organizer, event);
    }

    @Test
    void theHolderGetsAScannableTicketAndTheOrganizerChecksItInOnce() throws Exception {
        Session guest = api.register("attendee");
        String bookingId = api.book(guest, eventId).get("id").asString();

        String code = api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(guest).send().expect(200).body().get("code").asString();
        assertThat(code).hasSize(22);
        HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/api/v1/bookings/" + bookingId + "/ticket.png"))
                .header("Authorization", "Bearer " + guest.accessToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(png.body()));
        String scanned = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
        assertThat(scanned).isEqualTo("eventflow-ticket:" + code);

        Response checkedIn = api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", scanned)).send();
        assertThat(checkedIn.status()).isEqualTo(200);
        assertThat(checkedIn.body().get("booking_id").asString()).isEqualTo(bookingId);
        assertThat(api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", code)).send().status())
                .isEqualTo(409);

        // once used at the door, the booking is attendance: neither its holder nor the organizer can cancel it away
        assertThat(api.delete("/api/v1/bookings/" + bookingId).bearer(guest).send().status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/bookings/" + bookingId).bearer(organizer).send().status()).isEqualTo(409);
        assertThat(api.get("/api/v1/bookings/" + bookingId).bearer(guest).send().expect(200).body().get("status").asString())
                .isEqualTo("confirmed");
    }

    @Test
    void othersSeeNoTicketAndOnlyTheOrganizerChecksIn() {
        Session guest = api.register("attendee");
        Session other = api.register("attendee");
        String bookingId = api.book(guest, eventId).get("id").asString();
        String code = api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(guest).send().body().get("code").asString();

        assertThat(api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(other).send().status()).isEqualTo(404);
        assertThat(api.post("/api/v1/events/" + eventId + "/check-in").bearer(guest).json(Map.of("code", code)).send().status())
                .isEqualTo(403);
        Response forged = api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer)
                .json(Map.of("code", "AAAAAAAAAAAAAAAAAAAAAA")).send();
        assertThat(forged.status()).isEqualTo(422);
        assertThat(api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of()).send().status())
                .isEqualTo(400);
    }

    @Test
    void aWaitlistedOrCancelledBookingHasNoTicketThatAdmits() {
        Session first = api.register("attendee");
        Session second = api.register("attendee");
        String confirmed = api.book(first, eventId).get("id").asString();
        String waitlisted = api.book(second, eventId).get("id").asString();
        String code = api.get("/api/v1/bookings/" + confirmed + "/ticket").bearer(first).send().body().get("code").asString();

        assertThat(api.get("/api/v1/bookings/" + waitlisted + "/ticket").bearer(second).send().status()).isEqualTo(409);
        api.delete("/api/v1/bookings/" + confirmed).bearer(first).send().expect(204);
        assertThat(api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", code)).send().status())
                .isEqualTo(409);
        // the freed seat went to the second in line, whose ticket now works
        assertThat(api.get("/api/v1/bookings/" + waitlisted + "/ticket").bearer(second).send().status()).isEqualTo(200);
    }
}
