package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AttendeeCsvTest {

    @Test
    void prefixesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(AttendeeExporter.csvCell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AttendeeExporter.csvCell("+1")).isEqualTo("'+1");
        assertThat(AttendeeExporter.csvCell("-2")).isEqualTo("'-2");
        assertThat(AttendeeExporter.csvCell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AttendeeExporter.csvCell("\tx")).isEqualTo("'\tx");
        assertThat(AttendeeExporter.csvCell("a=b")).isEqualTo("a=b");
    }

    @Test
    void quotesSeparatorsQuotesAndLineBreaks() {
        assertThat(AttendeeExporter.csvCell("Smith, Ann")).isEqualTo("\"Smith, Ann\"");
        assertThat(AttendeeExporter.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AttendeeExporter.csvCell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AttendeeExporter.csvCell(null)).isEmpty();
        assertThat(AttendeeExporter.csvCell("")).isEmpty();
    }

    @Test
    void rowsEndWithCrLfAndReadBackAsWritten() throws Exception {
        StringWriter out = new StringWriter();
        AttendeeExporter.writeCsvRow(out, Arrays.asList("Ann, \"the\" first", null, "confirmed", "1", "=x"));
        assertThat(out.toString()).endsWith("\r\n");
        assertThat(AttendeeExportIT.parseCsv(out.toString()).getFirst())
                .containsExactly("Ann, \"the\" first", "", "confirmed", "1", "'=x");
    }
}
