/**
 * Notifications in the app and by e-mail from the other modules' domain events: who is told, in which words,
 * on which channel; preferences, delivery status, reminders and calendar feeds.
 */
@ApplicationModule(allowedDependencies = { "announcement", "booking", "catalog", "identity", "platform", "realtime", "social", "webhook" })
@NullMarked
package io.eventflow.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
