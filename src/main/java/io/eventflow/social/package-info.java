/**
 * Follows and the activity feed, built from the other modules' domain events (fan-out on write).
 */
@NullMarked
package io.eventflow.social;

import org.jspecify.annotations.NullMarked;
