/**
 * Announcements: what an event's organizer tells its participants, as a resource of its own (not a chat message) —
 * stored as the event's history, rate-limited per organizer and event, and handed to the notification module as
 * {@link io.eventflow.announcement.AnnouncementPublished}, which reaches each recipient in the app and by e-mail as
 * their preferences say.
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "platform" })
@NullMarked
package io.eventflow.announcement;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
