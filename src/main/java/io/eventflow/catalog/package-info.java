/**
 * The event catalog: publishing, changing and cancelling events, search, the seat counter on the event row
 * ({@link io.eventflow.catalog.EventSeats}) and who may do what with events ({@link io.eventflow.catalog.EventPolicy}).
 */
@ApplicationModule(allowedDependencies = { "identity", "platform" })
@NullMarked
package io.eventflow.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
