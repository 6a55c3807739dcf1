/**
 * Backups of the embedded default, taken by the running node itself: only the node's JVM can open its H2 file
 * ({@code AUTO_SERVER=FALSE}), so an online copy has to come from inside. One archive holds H2's own consistent copy
 * ({@code BACKUP TO}) and the photo directory, checked against each other before it gets its final name.
 * <p>
 * A module of its own rather than a part of {@code platform} (which depends on no module and knows no tables) or of
 * {@code media} (a backup is about the whole database, not photos): an operations capability that reads a copy of
 * every module's data and touches none of their live tables. PostgreSQL deployments back up with {@code pg_dump}
 * from outside ({@code deploy/backup.sh --postgres}); see docs/backup.md.
 */
@ApplicationModule(allowedDependencies = { "identity", "platform" })
@NullMarked
package io.eventflow.backup;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
