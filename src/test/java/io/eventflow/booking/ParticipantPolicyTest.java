package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;

/** Who takes part in an event (its chat, its photos): its organizer and those holding a confirmed seat. */
class ParticipantPolicyTest {

    private final UUID organizerId = UUID.randomUUID();

    @Test
    void theOrganizerTakesPartWithoutASeat() {
        assertThat(ParticipantPolicy.takesPart(new CurrentUser(organizerId, "ada", Role.ORGANIZER), organizerId, false))
                .isTrue();
    }

    @Test
    void anAttendeeTakesPartOnlyWithAConfirmedSeat() {
        CurrentUser attendee = new CurrentUser(UUID.randomUUID(), "alan", Role.ATTENDEE);

        assertThat(ParticipantPolicy.takesPart(attendee, organizerId, true)).isTrue();
        assertThat(ParticipantPolicy.takesPart(attendee, organizerId, false)).as("waitlisted or no booking").isFalse();
    }

    @Test
    void anAdminIsNoParticipantByRoleAlone() {
        assertThat(ParticipantPolicy.takesPart(new CurrentUser(UUID.randomUUID(), "root", Role.ADMIN), organizerId, false))
                .isFalse();
    }

    @Test
    void nobodySignedInTakesNoPart() {
        assertThat(ParticipantPolicy.takesPart(null, organizerId, true)).isFalse();
    }
}
