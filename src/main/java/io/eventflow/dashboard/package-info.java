/**
 * The organizer's dashboard: an event's bookings over time, seats and waiting list, check-ins by method as they
 * happen, photos; and the same figures across all the organizer's events. Read from the booking and media modules'
 * public APIs; a {@code dashboard_changed} signal is pushed over the WebSocket when the figures move
 * ({@link io.eventflow.dashboard.DashboardPushes}), and the page reads the figures once per signal.
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "media", "platform", "realtime" })
@NullMarked
package io.eventflow.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
