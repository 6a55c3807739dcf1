package io.eventflow.compat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.eventflow.platform.domain.InvalidInput;

/**
 * Times as the old APIs wrote them. Where a client sends only a date, or a time without an offset, it is read in
 * {@code eventflow.compat.time-zone}; HTTP dates (RFC 1123, what Flask's JSON answers carried) are read and written.
 */
final class CompatTimes {

    /** Flask's {@code http_date}: two-digit day, always GMT (the JDK's RFC_1123_DATE_TIME drops the leading zero). */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private CompatTimes() {
    }

    /**
     * A date ({@code 2023-10-27}, at midnight), a date-time with or without offset, or an HTTP date.
     *
     * @throws InvalidInput naming {@code field} when it is none of these
     */
    static Instant parse(String value, ZoneId zone, String field) {
        String text = value.trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            if (text.contains(",")) {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
            String iso = text.replace(' ', 'T');
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeException withoutOffset) {
                return LocalDateTime.parse(iso).atZone(zone).toInstant();
            }
        } catch (DateTimeException e) {
            throw InvalidInput.field(field, "must be a date (2026-10-27), a date and time (2026-10-27T18:00:00, with or "
                    + "without offset) or an HTTP date (Tue, 27 Oct 2026 18:00:00 GMT)");
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
