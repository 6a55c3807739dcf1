/**
 * Real time over WebSocket: catalog and availability feeds, per-event chat, personal notifications, and the
 * relay between nodes (Redis pub/sub, or in process).
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "platform" })
@NullMarked
package io.eventflow.realtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
