/**
 * Follows and the activity feed, built from the other modules' domain events (fan-out on write).
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "media", "platform" })
@NullMarked
package io.eventflow.social;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
