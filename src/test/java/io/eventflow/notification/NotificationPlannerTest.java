package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventCreated;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.catalog.EventUpdated.FieldChange;
import io.eventflow.identity.Role;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserDirectory.UserSummary;
import io.eventflow.identity.UserRegistered;
import io.eventflow.social.SocialEvents.UserFollowed;

/** Who is told what when something happens, and the key that makes telling them twice harmless. */
class NotificationPlannerTest {

    private final EventCatalog catalog = mock(EventCatalog.class);
    private final Bookings bookings = mock(Bookings.class);
    private final UserDirectory users = mock(UserDirectory.class);
    private final NotificationDelivery delivery = mock(NotificationDelivery.class);
    private final NotificationPlanner planner = new NotificationPlanner(catalog, bookings, users, Fixtures.composer(), delivery,
            new RecipientLanguages(users, Fixtures.properties(null)));

    private final EventSnapshot jazz = Fixtures.event("Jazz", "Park");
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final Instant now = Fixtures.CLOCK.instant();

    @BeforeEach
    void setUp() {
        when(catalog.find(any())).thenReturn(Optional.empty());
        when(catalog.find(jazz.id())).thenReturn(Optional.of(jazz));
        when(bookings.activeParticipants(jazz.id())).thenReturn(List.of(ann, bob));
        when(users.find(any())).thenReturn(Optional.empty());
        when(users.find(ann)).thenReturn(Optional.of(new UserSummary(ann, 7, "ann", Role.ATTENDEE)));
    }

    private List<Draft> told() {
        ArgumentCaptor<Draft> drafts = ArgumentCaptor.forClass(Draft.class);
        verify(delivery, atLeast(0)).deliver(drafts.capture());
        return drafts.getAllValues();
    }

    /** Both listeners, as a change runs through them: the one in the transaction, then the one after the commit. */
    private void changed(EventSnapshot event, Map<String, FieldChange> changes) {
        EventUpdated updated = new EventUpdated(event, changes, now);
        planner.onCancellation(updated);
        planner.on(updated);
    }

    @Test
    void eachParticipantIsToldOfAChangeOnceUnderAKeyForThisVersionOfTheEvent() {
        changed(jazz, Map.of("location", new FieldChange("Hall", "Park"), "capacity", new FieldChange(5, 10)));

        assertThat(told()).extracting(Draft::userId).containsExactly(ann, bob); // not the organizer: not a participant
        assertThat(told()).extracting(Draft::key).containsExactly("event_changed:" + jazz.id() + ":2:" + ann,
                "event_changed:" + jazz.id() + ":2:" + bob);
        assertThat(told()).allSatisfy(draft -> {
            assertThat(draft.type()).isEqualTo(NotificationType.EVENT_CHANGED);
            assertThat(draft.data().get("changes")).isEqualTo(Map.of("location", "Park")); // capacity is not news to them
        });
    }

    @Test
    void eachParticipantIsToldInTheLanguageOfTheirProfileElseTheConfiguredOne() {
        when(users.language(ann)).thenReturn(Optional.of("he"));

        changed(jazz, Map.of("location", new FieldChange("Hall", "Park")));

        assertThat(told()).extracting(Draft::userId).containsExactly(ann, bob);
        assertThat(told().get(0).data().get("message")).isEqualTo("\"Jazz\" השתנה: מקום");
        assertThat(told().get(0).mail().subject()).isEqualTo("שינוי: Jazz");
        assertThat(told().get(1).data().get("message")).isEqualTo("\"Jazz\" changed: location");
        assertThat(told().get(1).mail().subject()).isEqualTo("Changed: Jazz");
    }

    @Test
    void aChangeParticipantsDoNotCareAboutTellsNobody() {
        changed(jazz, Map.of("capacity", new FieldChange(5, 10), "description", new FieldChange("Old", "New")));

        assertThat(told()).isEmpty();
    }

    @Test
    void aCancellationIsToldOnceInTheCancellingTransactionWhateverElseChangedWithIt() {
        EventSnapshot cancelled = Fixtures.cancelled(jazz);
        when(bookings.activeParticipants(cancelled.id())).thenReturn(List.of(ann, bob));

        changed(cancelled, Map.of("status", new FieldChange("scheduled", "cancelled"), "title", new FieldChange("Jaz", "Jazz")));

        assertThat(told()).extracting(Draft::type).containsOnly(NotificationType.EVENT_CANCELLED);
        assertThat(told()).extracting(Draft::key).containsExactly("event_cancelled:" + jazz.id() + ":3:" + ann,
                "event_cancelled:" + jazz.id() + ":3:" + bob);
    }

    @Test
    void aDeletedEventTellsItsParticipantsOncePerEventAndUser() {
        planner.on(new EventDeleted(jazz, now));

        assertThat(told()).extracting(Draft::key).containsExactly("event_deleted:" + jazz.id() + ":" + ann,
                "event_deleted:" + jazz.id() + ":" + bob);
        assertThat(told()).extracting(Draft::type).containsOnly(NotificationType.EVENT_CANCELLED);
    }

    @Test
    void aBookingCancelledWithItsEventOrItsAccountTellsNobody() {
        UUID booking = UUID.randomUUID();
        planner.on(new BookingCancelled(booking, jazz.id(), ann, true, true, now)); // the event's news says it
        planner.on(new BookingCancelled(booking, jazz.id(), bob, true, false, now)); // bob's account is gone
        assertThat(told()).isEmpty();

        planner.on(new BookingCancelled(booking, jazz.id(), ann, true, false, now));
        assertThat(told()).extracting(Draft::key).containsExactly("booking_cancelled:" + booking);
    }

    @Test
    void eachNewsHasAKeySoThatHandlingItsEventAgainFindsItAlreadyStored() {
        UUID booking = UUID.randomUUID();
        UUID reminder = UUID.randomUUID();
        for (int handled = 0; handled < 2; handled++) {
            planner.on(new UserRegistered(ann, "ann", Role.ATTENDEE, now));
            planner.on(new UserFollowed(ann, bob, now));
            planner.on(new EventCreated(jazz, now));
            planner.on(new BookingConfirmed(booking, jazz.id(), ann, now));
            planner.on(new BookingWaitlisted(booking, jazz.id(), ann, 4, now));
            planner.on(new BookingPromoted(booking, jazz.id(), ann, now));
            planner.on(new ReminderDue(reminder, jazz.id(), ann, "Jazz", jazz.startTime(), "Park", now));
        }

        List<String> keys = List.of("welcome:" + ann, "new_follower:" + ann + ":" + bob, "event_created:" + jazz.id(),
                "booking_confirmed:" + booking, "booking_waitlisted:" + booking, "booking_promoted:" + booking, "reminder:" + reminder);
        assertThat(told()).extracting(Draft::key).containsExactlyElementsOf(
                java.util.stream.Stream.concat(keys.stream(), keys.stream()).toList());
        assertThat(told()).extracting(Draft::userId).containsExactlyElementsOf(
                java.util.stream.Stream.of(ann, bob, Fixtures.ORGANIZER, ann, ann, ann, ann, ann, bob, Fixtures.ORGANIZER, ann, ann, ann, ann)
                        .toList());
    }

    @Test
    void nobodyIsToldAboutAnEventThatIsGoneOrByAFollowerWhoIsGone() {
        UUID gone = UUID.randomUUID();
        planner.on(new BookingConfirmed(UUID.randomUUID(), gone, ann, now));
        planner.on(new ReminderDue(UUID.randomUUID(), gone, ann, "Gone", now, null, now));
        planner.on(new UserFollowed(bob, ann, now));

        assertThat(told()).isEmpty();
    }
}
