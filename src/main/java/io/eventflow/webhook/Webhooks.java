package io.eventflow.webhook;

import java.util.List;
import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The webhook module's public API, for the REST API and the web UI alike. Organizers and admins only
 * ({@code NotAllowed} for attendees); someone else's endpoint is {@code NotFound} to an organizer, as if it did not
 * exist; admins see and manage every endpoint.
 */
public interface Webhooks {

    /** The event types an endpoint may subscribe to, in their wire names. */
    List<String> eventTypes();

    /** Registers an endpoint; the answer carries its new secret, the only time it is shown. */
    WebhookView register(CurrentUser user, WebhookInput input);

    /** The caller's endpoints (an admin: everyone's), newest first. */
    PageView<WebhookView> list(CurrentUser user, Paging paging);

    WebhookView get(CurrentUser user, UUID webhookId);

    WebhookView update(CurrentUser user, UUID webhookId, WebhookInput input);

    void delete(CurrentUser user, UUID webhookId);

    /** A new secret, shown once; the old one still signs deliveries for {@code eventflow.webhook.rotation-grace}. */
    WebhookView rotateSecret(CurrentUser user, UUID webhookId);

    /** The endpoint's delivery log, newest first. */
    PageView<DeliveryView> deliveries(CurrentUser user, UUID webhookId, Paging paging);

    /** Queues the delivery's message again, with the same {@code webhook-id}; {@code Conflict} while it is pending. */
    DeliveryView resend(CurrentUser user, UUID webhookId, UUID deliveryId);
}
