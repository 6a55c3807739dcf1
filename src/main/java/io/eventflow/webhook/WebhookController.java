package io.eventflow.webhook;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@Tag(name = "Webhooks", description = "Signed HTTP callbacks for integrators (Standard Webhooks): organizers hear of "
        + "their own events, admins may hear of every event")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(path = "/api/v1/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register an endpoint (organizer, admin)", description = "The answer carries the signing "
            + "secret (whsec_...), shown this once. The URL must resolve to public addresses only: loopback, link-local, "
            + "private, CGNAT and other non-public addresses are refused with 422 (eventflow.webhook.allow-private-addresses "
            + "or allowed-hosts lift that). all_events: admins only (403 for an organizer). 409 past "
            + "eventflow.webhook.max-per-owner endpoints.")
    ResponseEntity<WebhookView> register(CurrentUser user, @Valid @RequestBody WebhookInput input) {
        WebhookView created = webhooks.register(user, input);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/webhooks")
    @Operation(summary = "The caller's endpoints, newest first (an admin: everyone's)")
    PageView<WebhookView> list(CurrentUser user, @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return webhooks.list(user, Paging.of(page, size));
    }

    @GetMapping("/api/v1/webhooks/{id}")
    @Operation(summary = "One endpoint (its owner, admins; 404 to anyone else)")
    WebhookView get(CurrentUser user, @PathVariable UUID id) {
        return webhooks.get(user, id);
    }

    @PutMapping(path = "/api/v1/webhooks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace an endpoint's URL, event types and description", description = "enabled: true turns "
            + "an endpoint disabled after failures on again and forgets its failures; false pauses it.")
    WebhookView update(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody WebhookInput input) {
        return webhooks.update(user, id, input);
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an endpoint and its delivery log")
    void delete(CurrentUser user, @PathVariable UUID id) {
        webhooks.delete(user, id);
    }

    @PostMapping("/api/v1/webhooks/{id}/rotate-secret")
    @Operation(summary = "A new signing secret, shown once", description = "For eventflow.webhook.rotation-grace "
            + "(default 24 h) deliveries carry two signatures, one with each secret, so receivers can switch without "
            + "missing a message.")
    WebhookView rotateSecret(CurrentUser user, @PathVariable UUID id) {
        return webhooks.rotateSecret(user, id);
    }

    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    @Operation(summary = "The endpoint's delivery log, newest first", description = "Status (pending, delivered, "
            + "failed), attempts, the last attempt's HTTP status, duration, error and the start of the response body.")
    PageView<DeliveryView> deliveries(CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return webhooks.deliveries(user, id, Paging.of(page, size));
    }

    @PostMapping("/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivered or failed message again", description = "A new delivery with the same "
            + "webhook-id, sent by the worker shortly. 409 while the delivery is pending or the endpoint disabled.")
    DeliveryView resend(CurrentUser user, @PathVariable UUID id, @PathVariable("delivery_id") UUID deliveryId) {
        return webhooks.resend(user, id, deliveryId);
    }
}
