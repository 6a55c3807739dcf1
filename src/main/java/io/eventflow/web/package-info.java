/**
 * The browser UI: server-rendered pages over the same module APIs and policies as the REST API.
 */
@ApplicationModule(allowedDependencies = { "announcement", "audit", "booking", "catalog", "dashboard", "identity", "media", "notification", "platform", "social", "webhook" })
@NullMarked
package io.eventflow.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
