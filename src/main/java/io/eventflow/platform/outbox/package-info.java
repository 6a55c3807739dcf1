/**
 * The outbox: Spring Modulith's event publication registry, as EventFlow runs it. Everything here works around or
 * reaches into Spring Modulith 2.1.1, so an upgrade starts here ({@code ModulithInternalsTest} fails until someone
 * has checked each point against the new version):
 * <ul>
 * <li>{@link io.eventflow.platform.outbox.OutboxBookkeeping} proxies the internal {@code EventPublicationRepository}
 * and intercepts its marks <em>by method name</em> (no "processing" mark, "completed" marks in batches, marks
 * committed without waiting for the disk);</li>
 * <li>{@link io.eventflow.platform.outbox.OutboxCompletions} writes those batched "completed" marks;</li>
 * <li>{@link io.eventflow.platform.outbox.OutboxRetry} resubmits failed publications, reading past the oldest batch
 * because Modulith filters only after reading it (a due failure stayed hidden behind older ones);</li>
 * <li>{@link io.eventflow.platform.outbox.ListenerExecution} runs after-commit listeners on a bounded pool.</li>
 * </ul>
 */
@NullMarked
package io.eventflow.platform.outbox;

import org.jspecify.annotations.NullMarked;
