/**
 * Accounts and who is signed in: registration, profiles, roles, login, rotating refresh tokens, logout and
 * revocation on every node, password reset. This package is the module's public API; its internals are grouped by
 * capability in {@code account}, {@code session}, {@code token} and {@code password}.
 */
@ApplicationModule(allowedDependencies = { "platform" })
@NullMarked
package io.eventflow.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
