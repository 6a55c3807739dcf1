/**
 * Drop-in compatibility with the five systems EventFlow replaces: their routes, ports, JSON shapes, integer ids and
 * error bodies, translated onto the other modules' public APIs. No business rule lives here — capacity, the freeze
 * after the start, ownership, validation and notifications all come from the modules; an adapter only translates.
 * One file per source API ({@link io.eventflow.compat.EventsSocketApi} for seed 000, {@link io.eventflow.compat.AlphabetApi}
 * for 001, {@link io.eventflow.compat.EventManagerApi} for 002; for 004 {@link io.eventflow.compat.V1Api} and
 * {@link io.eventflow.compat.V1SocialApi}, their shapes in {@link io.eventflow.compat.V1Events}); the rest is the
 * shared machinery: the extra ports ({@link io.eventflow.compat.CompatConnector}, {@link io.eventflow.compat.CompatPortRouting}), the error shapes
 * ({@link io.eventflow.compat.Dialect}, {@link io.eventflow.compat.DialectErrors}), who writes anonymously
 * ({@link io.eventflow.compat.Writers}) and whole-list answers ({@link io.eventflow.compat.EventArrays}).
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "media", "notification", "platform",
        "social" })
@NullMarked
package io.eventflow.compat;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
