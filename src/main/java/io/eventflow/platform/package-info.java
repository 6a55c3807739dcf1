/**
 * Cross-cutting infrastructure every module builds on: security wiring, RFC 9457 problem details,
 * request ids, rate limiting, time and id generation, the outgoing mail port.
 * <p>
 * Open on purpose: it is a shared kernel, not a business capability, and it depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@NullMarked
package io.eventflow.platform;

import org.jspecify.annotations.NullMarked;
