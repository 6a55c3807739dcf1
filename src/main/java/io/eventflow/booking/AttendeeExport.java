package io.eventflow.booking;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * An event's attendee list, ready to be written: the caller's right to it was checked when it was made, and nothing
 * is read from the database until {@link #writeTo} runs, which streams the rows as they are read.
 */
public interface AttendeeExport {

    Format format();

    /** A file name for the download: {@code attendees-<event id>.<extension>}. */
    String filename();

    /** Writes the whole list; the stream is not closed. */
    void writeTo(OutputStream out) throws IOException;

    enum Format {
        CSV("text/csv; charset=UTF-8"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
