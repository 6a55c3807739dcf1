package io.eventflow.social;

import java.util.UUID;

/** Activity types as the API names them, and the keys that make each activity unique. */
final class ActivityTypes {

    static final String EVENT_CREATED = "event_created";
    static final String RSVP = "rsvp";
    static final String PHOTO_UPLOADED = "photo_uploaded";
    static final String FOLLOW = "follow";

    private ActivityTypes() {
    }

    static String followKey(UUID follower, UUID followee) {
        return FOLLOW + ":" + follower + ":" + followee;
    }

    static String eventCreatedKey(UUID eventId) {
        return EVENT_CREATED + ":" + eventId;
    }

    /** One per booking; the key is internal: what the feed shows of a booking is only its event. */
    static String rsvpKey(UUID bookingId) {
        return RSVP + ":" + bookingId;
    }

    static String photoKey(UUID photoId) {
        return PHOTO_UPLOADED + ":" + photoId;
    }
}
