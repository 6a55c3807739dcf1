package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventSnapshot;

/** Mail bodies from the Thymeleaf templates mail/*.txt and mail/*.html. */
class MailTemplatesTest {

    private final MailTemplates mails = Fixtures.mails();

    @Test
    void theHtmlPartEscapesEverythingUsersWrote() {
        EventSnapshot event = Fixtures.event("<script>alert('hi')</script>", "Bar & <b>Grill</b>");

        MailTemplates.Mail mail = mails.aboutEvent("Seat confirmed", "Your seat for \"<script>\" is confirmed.", event,
                List.of("- title: <i>old</i>"));

        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<b>").doesNotContain("<i>")
                .contains("<h2>&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;</h2>")
                .contains("Bar &amp; &lt;b&gt;Grill&lt;/b&gt;")
                .contains("Your seat for &quot;&lt;script&gt;&quot; is confirmed.")
                .contains("- title: &lt;i&gt;old&lt;/i&gt;");
    }

    @Test
    void theTextPartShowsWhatUsersWroteAsWritten() {
        EventSnapshot event = Fixtures.event("<script>alert('hi')</script>", "Bar & <b>Grill</b>");

        MailTemplates.Mail mail = mails.aboutEvent("Seat confirmed", "Your seat is confirmed.", event, List.of());

        assertThat(mail.text()).isEqualTo("""
                Your seat is confirmed.

                <script>alert('hi')</script>
                When:  Saturday 5 December 2026, 20:30 (IST)
                Where: Bar & <b>Grill</b>

                Details: https://eventflow.example/events/%s

                You get this because of your EventFlow notification settings: https://eventflow.example/profile"""
                .formatted(event.id()));
    }

    @Test
    void moreLinesFollowThePlaceOneByOneInBothParts() {
        EventSnapshot event = Fixtures.event("Jazz", "Park");

        MailTemplates.Mail mail = mails.aboutEvent("Changed: Jazz", "\"Jazz\" changed: location.", event,
                List.of("What changed:", "- location: Hall → Park"));

        assertThat(mail.text()).contains("Where: Park\n\nWhat changed:\n- location: Hall → Park\n\nDetails: ");
        assertThat(mail.html()).contains("What changed:<br>- location: Hall → Park");
    }

    @Test
    void anEventWithoutAPlaceIsOnlineOrToBeAnnounced() {
        MailTemplates.Mail mail = mails.aboutEvent("Published: Jazz", "Published.", Fixtures.event("Jazz", null), List.of());

        assertThat(mail.text()).contains("Where: Online / to be announced");
        assertThat(mail.html()).contains("<strong>Where:</strong> Online / to be announced");
    }

    @Test
    void aMailNotAboutAnEventLinksToEventFlowAndTheSettings() {
        MailTemplates.Mail mail = mails.plain("Welcome to EventFlow", "Welcome to EventFlow, <Ann>!");

        assertThat(mail.subject()).isEqualTo("Welcome to EventFlow");
        assertThat(mail.text()).isEqualTo("""
                Welcome to EventFlow, <Ann>!

                https://eventflow.example

                You get this because of your EventFlow notification settings: https://eventflow.example/profile""");
        assertThat(mail.html()).contains("<p>Welcome to EventFlow, &lt;Ann&gt;!</p>")
                .contains("<a href=\"https://eventflow.example\">EventFlow</a>")
                .contains("notification settings: https://eventflow.example/profile</p>");
        assertThat(mail.calendar()).isNull();
    }

    @Test
    void theLabelsComeFromTheBundleOfTheConfiguredLanguage() {
        NotificationProperties zz = Fixtures.properties(Locale.of("zz"));
        MailTemplates other = new MailTemplates(zz, new NotificationTexts(zz));

        MailTemplates.Mail mail = other.aboutEvent("s", "h", Fixtures.event("Jazz", "Park"), List.of());

        assertThat(mail.html()).contains(">Zz-open</a>").doesNotContain("??");
        assertThat(Fixtures.mails().aboutEvent("s", "h", Fixtures.event("Jazz", "Park"), List.of()).html())
                .contains(">Open the event</a>").doesNotContain("??");
    }
}
