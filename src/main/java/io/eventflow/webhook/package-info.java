/**
 * Signed webhooks for integrators: endpoints an organizer registers for their own events (an admin for every event),
 * one delivery row per domain event and matching endpoint, written from the outbox after the change committed, and a
 * worker that POSTs them signed after the Standard Webhooks scheme, with retries, back-off and a guard against
 * requests into the private network.
 * <p>
 * {@link io.eventflow.webhook.WebhookRecorder} turns the booking and catalog modules' events into delivery rows;
 * {@link io.eventflow.webhook.DeliveryWorker} claims due rows ({@code FOR UPDATE SKIP LOCKED}, so any number of nodes
 * share the work) and sends them through {@link io.eventflow.webhook.WebhookSender}; an endpoint that keeps failing
 * is disabled and {@link io.eventflow.webhook.WebhookDisabled} tells the notification module to warn its owner.
 */
@ApplicationModule(allowedDependencies = { "booking", "catalog", "identity", "platform" })
@NullMarked
package io.eventflow.webhook;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
