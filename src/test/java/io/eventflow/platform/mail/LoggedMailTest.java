package io.eventflow.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A mail logged instead of sent (no SMTP configured) cannot smuggle a log record of its own into the log. */
class LoggedMailTest {

    @Test
    void everyLineOfTheTextIsBehindAMarginAndControlCharactersAreReplaced() {
        String logged = MailConfiguration.quoted("Hello,\r\n2026-12-06T07:00:00Z  INFO forged record\n\u001b[31mred\u0000");

        assertThat(logged.lines()).allSatisfy(line -> assertThat(line).startsWith("    | "));
        assertThat(logged).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0000")
                .contains("    | 2026-12-06T07:00:00Z  INFO forged record");
    }
}
