package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.NotAllowed;

/** Who may publish and who manages an event: the rules every door (API, pages, other modules) asks. */
class EventPolicyTest {

    private final UUID organizerId = UUID.randomUUID();
    private final CurrentUser organizer = new CurrentUser(organizerId, "ada", Role.ORGANIZER);
    private final CurrentUser otherOrganizer = new CurrentUser(UUID.randomUUID(), "grace", Role.ORGANIZER);
    private final CurrentUser attendee = new CurrentUser(UUID.randomUUID(), "alan", Role.ATTENDEE);
    private final CurrentUser admin = new CurrentUser(UUID.randomUUID(), "root", Role.ADMIN);

    @Test
    void organizersAndAdminsPublishAttendeesAndAnonymousDoNot() {
        assertThat(EventPolicy.mayPublish(organizer)).isTrue();
        assertThat(EventPolicy.mayPublish(admin)).isTrue();
        assertThat(EventPolicy.mayPublish(attendee)).isFalse();
        assertThat(EventPolicy.mayPublish(null)).isFalse();
    }

    @Test
    void refusesAnAttendeePublishingAsNotAllowed() {
        assertThatThrownBy(() -> EventPolicy.requirePublisher(attendee)).isInstanceOf(NotAllowed.class)
                .extracting(e -> ((DomainException) e).kind()).isEqualTo(DomainException.Kind.NOT_ALLOWED);
    }

    @Test
    void onlyTheEventsOwnOrganizerOrAnAdminManagesIt() {
        assertThat(EventPolicy.mayManage(organizer, organizerId)).isTrue();
        assertThat(EventPolicy.mayManage(admin, organizerId)).isTrue();
        assertThat(EventPolicy.mayManage(otherOrganizer, organizerId)).isFalse();
        assertThat(EventPolicy.mayManage(attendee, organizerId)).isFalse();
        assertThat(EventPolicy.mayManage(null, organizerId)).isFalse();
    }

    @Test
    void saysWhatWasRefusedWhenSomeoneElseTriesToManageTheEvent() {
        assertThatThrownBy(() -> EventPolicy.requireManager(otherOrganizer, organizerId, "check tickets in"))
                .isInstanceOf(NotAllowed.class)
                .hasMessage("Only the event's organizer or an admin can check tickets in");
    }
}
