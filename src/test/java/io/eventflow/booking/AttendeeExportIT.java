package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;

/**
 * The attendee export on the real servers: CSV parsed back, XLSX read back with POI; addresses only where their owners
 * allow it; formula-looking cells neutralised in CSV; only the organizer and admins get it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttendeeExportIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    Api api;
    Session organizer;
    String eventId;
    Session sharing;
    Session private_;
    Session waiting;
    Session formula;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Export night");
        event.put("capacity", 3);
        eventId = api.createEvent(organizer, event);

        sharing = api.register("attendee");
        api.patch("/api/v1/users/me").bearer(sharing).json(Map.of("share_email_with_organizers", true)).send().expect(200);
        private_ = api.register("attendee");
        // a name and an address a spreadsheet would run as formulas
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        formula = registered("-" + suffix, "=1+2" + suffix + "@example.com");
        api.patch("/api/v1/users/me").bearer(formula).json(Map.of("share_email_with_organizers", true)).send().expect(200);
        waiting = api.register("attendee");
        Session cancelled = api.register("attendee");

        api.book(sharing, eventId);
        String privateBooking = api.book(private_, eventId).get("id").asString();
        api.book(formula, eventId);
        assertThat(api.book(waiting, eventId).get("status").asString()).isEqualTo("waitlisted");
        String gone = api.book(cancelled, eventId).get("id").asString();
        api.delete("/api/v1/bookings/" + gone).bearer(cancelled).send().expect(204);

        String code = api.get("/api/v1/bookings/" + privateBooking + "/ticket").bearer(private_).send().expect(200).body()
                .get("code").asString();
        api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", code)).send().expect(200);
    }

    private Session registered(String username, String email) {
        Api.Response response = api.post("/api/v1/auth/register")
                .json(Map.of("username", username, "email", email, "password", "password-" + username, "role", "attendee"))
                .send().expect(201);
        return api.login(username, "password-" + username);
    }

    private HttpResponse<byte[]> download(String suffix, Session who) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/events/" + eventId + "/attendees." + suffix));
        if (who != null) {
            request.header("Authorization", "Bearer " + who.accessToken());
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void csvListsSeatsThenTheLineWithAddressesOnlyWhereShared() throws Exception {
        HttpResponse<byte[]> response = download("csv", organizer);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment").contains("attendees-" + eventId + ".csv");
        List<List<String>> rows = parseCsv(new String(response.body(), StandardCharsets.UTF_8));

        assertThat(rows.getFirst()).containsExactly("name", "email", "status", "waitlist_position", "checked_in_at");
        assertThat(rows).hasSize(5); // the cancelled booking is not listed
        assertThat(rows.get(1)).containsExactly(sharing.username(), sharing.email(), "confirmed", "", "");
        assertThat(rows.get(2).subList(0, 4)).containsExactly(private_.username(), "", "confirmed", "");
        assertThat(rows.get(2).get(4)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // neutralised: shown as text by a spreadsheet, not run
        assertThat(rows.get(3).subList(0, 3)).containsExactly("'" + formula.username(), "'" + formula.email(), "confirmed");
        assertThat(rows.get(4)).containsExactly(waiting.username(), "", "waitlisted", "1", "");
    }

    @Test
    void xlsxReadsBackWithTheSameRowsAsText() throws Exception {
        HttpResponse<byte[]> response = download("xlsx", organizer);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(4);
            assertThat(text(sheet.getRow(0), 0)).isEqualTo("name");
            assertThat(text(sheet.getRow(1), 1)).isEqualTo(sharing.email());
            assertThat(text(sheet.getRow(2), 1)).isEmpty();
            assertThat(text(sheet.getRow(2), 4)).endsWith("Z");
            Row formulaRow = sheet.getRow(3);
            // a text cell, never a formula: spreadsheets show it as written
            assertThat(formulaRow.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(text(formulaRow, 1)).isEqualTo(formula.email());
            assertThat(text(sheet.getRow(4), 2)).isEqualTo("waitlisted");
            assertThat(sheet.getRow(4).getCell(3).getNumericCellValue()).isEqualTo(1.0);
        }
    }

    @Test
    void onlyTheOrganizerAndAdminsMayExport() throws Exception {
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        for (String format : List.of("csv", "xlsx")) {
            assertThat(download(format, null).statusCode()).isEqualTo(401);
            HttpResponse<byte[]> refused = download(format, sharing);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(download(format, api.register("organizer")).statusCode()).isEqualTo(403);
            assertThat(download(format, admin).statusCode()).isEqualTo(200);
        }
        HttpResponse<byte[]> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/events/"
                + "00000000-0000-7000-8000-000000000000/attendees.csv")).header("Authorization", "Bearer " + organizer.accessToken())
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void turningSharingOffHidesTheAddressAgain() throws Exception {
        api.patch("/api/v1/users/me").bearer(sharing).json(Map.of("share_email_with_organizers", false)).send().expect(200);
        assertThat(api.get("/api/v1/users/me").bearer(sharing).send().body().get("share_email_with_organizers").asBoolean())
                .isFalse();
        List<List<String>> rows = parseCsv(new String(download("csv", organizer).body(), StandardCharsets.UTF_8));
        assertThat(rows.get(1).get(1)).isEmpty();
        // not shown to anyone else either
        assertThat(api.get("/api/v1/users/" + sharing.userId()).bearer(organizer).send().body().has("share_email_with_organizers"))
                .isFalse();
    }

    private static String text(Row row, int column) {
        Cell cell = row.getCell(column);
        return cell == null ? "" : cell.getStringCellValue();
    }

    /** RFC 4180, as a spreadsheet reads it. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(cell).isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }
}
