/**
 * The audit log: role changes, account deletions, event cancellations and deletions, check-ins, and what admins and
 * organizers do to other people's accounts, events and bookings — who, when, what, from which address — listed for admins and
 * kept for {@code eventflow.audit.retention}.
 * <p>
 * Entries are written by {@link io.eventflow.audit.AuditRecorder} from the other modules' domain events, synchronously
 * inside the transaction that makes the change: committed with it, rolled back with it. The actor is the user signed
 * in on that thread, the address the request's (both read without HTTP types, see
 * {@link io.eventflow.platform.RequestOrigin}).
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "platform" })
@NullMarked
package io.eventflow.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
