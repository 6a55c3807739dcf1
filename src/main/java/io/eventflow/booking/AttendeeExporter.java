package io.eventflow.booking;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserDirectory.Contact;

/**
 * The attendee list of an event as CSV or XLSX, for its organizer and admins: one row per active booking, confirmed
 * seats first in booking order, then the waiting list in its order. Memory stays flat however many bookings there
 * are: the bookings come through a cursor ({@link #FETCH_SIZE} rows a round trip), names and shared addresses are
 * looked up {@link #BATCH} users at a time, and each batch is written out before the next is read — CSV straight to
 * the response, XLSX through POI's streaming workbook, which keeps {@link #XLSX_WINDOW} rows in memory and the rest
 * in a compressed temporary file that is deleted when the workbook is closed.
 * <p>
 * An address is in the list only if its owner allowed it ({@code share_email_with_organizers}); otherwise the cell
 * is empty. A CSV cell that a spreadsheet would take for a formula ({@code = + - @}, tab, carriage return first) is
 * prefixed with an apostrophe; XLSX cells are written as text, which a spreadsheet never evaluates.
 */
@Component
class AttendeeExporter {

    static final List<@Nullable String> COLUMNS = List.of("name", "email", "status", "waitlist_position", "checked_in_at");
    static final int FETCH_SIZE = 500;
    static final int BATCH = 500;
    static final int XLSX_WINDOW = 100;

    private final EventCatalog catalog;
    private final UserDirectory users;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AttendeeExporter(EventCatalog catalog, UserDirectory users, DataSource dataSource, PlatformTransactionManager transactions) {
        this.catalog = catalog;
        this.users = users;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(FETCH_SIZE); // PostgreSQL's driver reads through a cursor only with a fetch size, in a transaction
        this.streaming = new NamedParameterJdbcTemplate(fetching);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Checks the caller's right before anything is written, so a refusal is still a clean problem response. */
    AttendeeExport export(CurrentUser actor, UUID eventId, AttendeeExport.Format format) {
        var event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        EventPolicy.requireManager(actor, event.organizerId(), "export its attendees");
        return new AttendeeExport() {
            @Override
            public Format format() {
                return format;
            }

            @Override
            public String filename() {
                return "attendees-" + eventId + "." + format.extension();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                switch (format) {
                    case CSV -> csv(eventId, out);
                    case XLSX -> xlsx(eventId, out);
                }
            }
        };
    }

    /** One attendee as listed; {@code email} only when shared. */
    record Line(String name, @Nullable String email, BookingStatus status, @Nullable Integer position,
            @Nullable Instant checkedInAt) {

        List<@Nullable String> cells() {
            List<@Nullable String> cells = new ArrayList<>(5);
            cells.add(name);
            cells.add(email);
            cells.add(status.wireName());
            cells.add(position == null ? null : position.toString());
            cells.add(checkedInAt == null ? null : DateTimeFormatter.ISO_INSTANT.format(checkedInAt));
            return cells;
        }
    }

    private void csv(UUID eventId, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        writeCsvRow(writer, COLUMNS);
        forEachLine(eventId, lines -> {
            for (Line line : lines) {
                writeCsvRow(writer, line.cells());
            }
        });
        writer.flush();
    }

    private void xlsx(UUID eventId, OutputStream out) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(XLSX_WINDOW);
        try {
            workbook.setCompressTempFiles(true);
            SXSSFSheet sheet = workbook.createSheet("Attendees");
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            int[] next = {0};
            Row header = sheet.createRow(next[0]++);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Cell cell = header.createCell(i);
                cell.setCellValue(String.valueOf(COLUMNS.get(i)));
                cell.setCellStyle(bold);
            }
            forEachLine(eventId, lines -> {
                for (Line line : lines) {
                    Row row = sheet.createRow(next[0]++);
                    row.createCell(0).setCellValue(line.name());
                    if (line.email() != null) {
                        row.createCell(1).setCellValue(line.email());
                    }
                    row.createCell(2).setCellValue(line.status().wireName());
                    if (line.position() != null) {
                        row.createCell(3).setCellValue(line.position());
                    }
                    if (line.checkedInAt() != null) {
                        row.createCell(4).setCellValue(DateTimeFormatter.ISO_INSTANT.format(line.checkedInAt()));
                    }
                }
            });
            workbook.write(out);
        } finally {
            workbook.close(); // deletes the temporary file, written or not
        }
    }

    interface Batch {
        void write(List<Line> lines) throws IOException;
    }

    /**
     * The event's active bookings in batches of {@link #BATCH}, with names and shared addresses. Runs in one read-only
     * transaction (the cursor needs it), which stays open while the batches are written: a slow download holds one
     * connection as long.
     */
    void forEachLine(UUID eventId, Batch each) throws IOException {
        try {
            readOnly.executeWithoutResult(status -> {
                Collector collector = new Collector(each);
                // confirmed by booking order (ix_bookings_event_status), then the line (ix_bookings_waitlist): two
                // index scans, no sort, and the place in the line is a running count instead of a query per row
                streaming.query("SELECT user_id, status, checked_in_at FROM bookings WHERE event_id = :event "
                        + "AND status = 'confirmed' ORDER BY id", Map.of("event", eventId), collector);
                collector.flush();
                streaming.query("SELECT user_id, status, checked_in_at FROM bookings WHERE event_id = :event "
                        + "AND status = 'waitlisted' ORDER BY waitlist_seq", Map.of("event", eventId), collector);
                collector.flush();
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private final class Collector implements RowCallbackHandler {

        private final Batch each;
        private final List<Seat> rows = new ArrayList<>(BATCH);
        private int waitlisted;

        Collector(Batch each) {
            this.each = each;
        }

        private record Seat(UUID userId, BookingStatus status, @Nullable Integer position, @Nullable Instant checkedInAt) {
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            BookingStatus status = BookingStatus.fromWire(rs.getString("status"));
            OffsetDateTime checkedIn = rs.getObject("checked_in_at", OffsetDateTime.class);
            rows.add(new Seat(rs.getObject("user_id", UUID.class), status,
                    status == BookingStatus.WAITLISTED ? ++waitlisted : null,
                    checkedIn == null ? null : checkedIn.toInstant()));
            if (rows.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (rows.isEmpty()) {
                return;
            }
            Map<UUID, Contact> contacts = users.contactsForOrganizers(rows.stream().map(Seat::userId).distinct().toList());
            List<Line> lines = new ArrayList<>(rows.size());
            for (Seat row : rows) {
                Contact contact = contacts.get(row.userId());
                lines.add(new Line(contact != null ? contact.username() : "", contact != null ? contact.sharedEmail() : null,
                        row.status(), row.position(), row.checkedInAt()));
            }
            rows.clear();
            try {
                each.write(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the client went away: the transaction ends, the cursor with it
            }
        }
    }

    static void writeCsvRow(Writer writer, List<@Nullable String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(csvCell(cells.get(i)));
        }
        writer.write("\r\n");
    }

    /**
     * RFC 4180 quoting, after neutralising what a spreadsheet would run as a formula (OWASP's advice: an apostrophe
     * before a leading {@code = + - @}, tab or carriage return, so the cell is shown as the text it is).
     */
    static String csvCell(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        String text = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
