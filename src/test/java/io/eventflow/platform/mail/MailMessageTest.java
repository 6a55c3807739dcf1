package io.eventflow.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MailMessageTest {

    @Test
    void lineBreaksInTheSubjectCannotStartNewHeaders() {
        MailMessage mail = new MailMessage("ada@example.com", "Hello\r\nBcc: victim@example.com", "text", null);

        assertThat(mail.subject()).isEqualTo("Hello Bcc: victim@example.com").doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void aRecipientWithALineBreakIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage("ada@example.com\r\nBcc: victim@example.com", "Hi", "text", null));
    }

    @Test
    void aMessageIdMustBeLocalAtDomainAndNothingElse() {
        assertThat(new MailMessage("ada@example.com", "Hi", "text", null, null, "01a2-x@eventflow").messageId())
                .isEqualTo("01a2-x@eventflow");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage("ada@example.com", "Hi", "text", null, null, "x@y>\r\nBcc: victim@example.com"));
    }
}
