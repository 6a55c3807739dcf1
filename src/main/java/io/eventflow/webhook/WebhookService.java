package io.eventflow.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.RuleViolated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import tools.jackson.databind.json.JsonMapper;

/** Endpoints and their delivery logs, for the API and the web UI; the delivery rows written from domain events. */
@Service
class WebhookService implements Webhooks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookRepository repository;
    private final AddressGuard guard;
    private final WebhookProperties properties;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookService(WebhookRepository repository, AddressGuard guard, WebhookProperties properties, IdGenerator ids,
            Clock clock) {
        this.repository = repository;
        this.guard = guard;
        this.properties = properties;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public List<String> eventTypes() {
        return WebhookEventType.wireNames();
    }

    @Override
    @Transactional
    public WebhookView register(CurrentUser user, WebhookInput input) {
        requireManager(user);
        boolean allEvents = allEvents(user, input.allEvents(), user.isAdmin());
        Checked checked = check(input);
        if (repository.count(user.id()) >= properties.maxPerOwner()) {
            throw new Conflict("You have " + properties.maxPerOwner() + " webhooks, the most one may register; delete one first");
        }
        Instant now = clock.instant();
        String secret = Signatures.newSecret(random);
        WebhookRepository.Endpoint endpoint = new WebhookRepository.Endpoint(ids.next(), user.id(), allEvents,
                checked.url(), blankToNull(input.description()), checked.types(), secret, null, null, true, 0, null,
                now, now);
        repository.insert(endpoint);
        return view(endpoint).withSecret(secret);
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<WebhookView> list(CurrentUser user, Paging paging) {
        requireManager(user);
        UUID owner = user.isAdmin() ? null : user.id();
        return new PageView<>(repository.list(owner, paging.offset(), paging.size()).stream().map(WebhookService::view)
                .toList(), paging.page(), paging.size(), repository.count(owner));
    }

    @Override
    @Transactional(readOnly = true)
    public WebhookView get(CurrentUser user, UUID webhookId) {
        return view(owned(user, webhookId));
    }

    @Override
    @Transactional
    public WebhookView update(CurrentUser user, UUID webhookId, WebhookInput input) {
        WebhookRepository.Endpoint endpoint = owned(user, webhookId);
        boolean allEvents = allEvents(user, input.allEvents(), endpoint.allEvents());
        Checked checked = check(input);
        boolean enabled = input.enabled() != null ? input.enabled() : endpoint.enabled();
        repository.update(webhookId, checked.url(), blankToNull(input.description()), checked.types(), allEvents,
                enabled, clock.instant());
        return view(repository.find(webhookId).orElseThrow());
    }

    @Override
    @Transactional
    public void delete(CurrentUser user, UUID webhookId) {
        owned(user, webhookId);
        repository.delete(webhookId);
    }

    @Override
    @Transactional
    public WebhookView rotateSecret(CurrentUser user, UUID webhookId) {
        WebhookRepository.Endpoint endpoint = owned(user, webhookId);
        Instant now = clock.instant();
        String secret = Signatures.newSecret(random);
        repository.rotate(webhookId, secret, endpoint.secret(), now.plus(properties.rotationGrace()), now);
        return view(repository.find(webhookId).orElseThrow()).withSecret(secret);
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<DeliveryView> deliveries(CurrentUser user, UUID webhookId, Paging paging) {
        owned(user, webhookId);
        return new PageView<>(repository.deliveries(webhookId, paging.offset(), paging.size()).stream()
                .map(WebhookService::view).toList(), paging.page(), paging.size(), repository.countDeliveries(webhookId));
    }

    @Override
    @Transactional
    public DeliveryView resend(CurrentUser user, UUID webhookId, UUID deliveryId) {
        WebhookRepository.Endpoint endpoint = owned(user, webhookId);
        WebhookRepository.Delivery original = repository.findDelivery(deliveryId)
                .filter(d -> d.endpointId().equals(webhookId))
                .orElseThrow(() -> new WebhookNotFound("Delivery", deliveryId));
        if (original.status().equals(WebhookRepository.PENDING)) {
            throw new Conflict("This delivery is still pending: it is tried again by itself");
        }
        if (!endpoint.enabled()) {
            throw new Conflict("The webhook is disabled; enable it before resending");
        }
        Instant now = clock.instant();
        UUID id = ids.next();
        WebhookRepository.Delivery copy = new WebhookRepository.Delivery(id, webhookId,
                clip(original.sourceKey(), 150) + ":resend:" + id, original.messageId(), original.eventType(),
                original.payload(), WebhookRepository.PENDING, 0, now, null, null, null, null, null, now);
        repository.insert(copy);
        return view(copy);
    }

    // --------------------------------------------------------------------------------------- from domain events

    /**
     * One delivery row per enabled endpoint that hears of events organized by {@code organizer} and subscribed to
     * {@code type}, unless it has one for this cause already (the outbox ran the listener again).
     */
    @Transactional
    void enqueue(UUID organizer, WebhookEventType type, String cause, Map<String, Object> data, Instant occurredAt) {
        List<WebhookRepository.Endpoint> endpoints = repository.listening(organizer).stream()
                .filter(e -> e.subscribes(type.wireName())).toList();
        if (endpoints.isEmpty()) {
            return;
        }
        String sourceKey = type.wireName() + ":" + cause;
        Instant now = clock.instant();
        for (WebhookRepository.Endpoint endpoint : endpoints) {
            if (repository.hasDelivery(endpoint.id(), sourceKey)) {
                continue;
            }
            UUID id = ids.next();
            String messageId = "msg_" + id.toString().replace("-", "");
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("type", type.wireName());
            payload.put("timestamp", occurredAt.toString());
            payload.put("data", data);
            repository.insert(new WebhookRepository.Delivery(id, endpoint.id(), sourceKey, messageId, type.wireName(),
                    JSON.writeValueAsString(payload), WebhookRepository.PENDING, 0, now, null, null, null, null, null, now));
        }
    }

    @Transactional
    void deleteOwnedBy(UUID owner) {
        repository.deleteOwnedBy(owner);
    }

    // ---------------------------------------------------------------------------------------------------- rules

    private static void requireManager(CurrentUser user) {
        if (user.role() != Role.ORGANIZER && user.role() != Role.ADMIN) {
            throw new NotAllowed("Only organizers and admins can register webhooks");
        }
    }

    /** The endpoint, if the caller may see it: its owner and admins; anyone else is told it does not exist. */
    private WebhookRepository.Endpoint owned(CurrentUser user, UUID webhookId) {
        requireManager(user);
        return repository.find(webhookId).filter(e -> user.isAdmin() || e.ownerId().equals(user.id()))
                .orElseThrow(() -> new WebhookNotFound("Webhook", webhookId));
    }

    private static boolean allEvents(CurrentUser user, @Nullable Boolean asked, boolean otherwise) {
        if (asked == null) {
            return otherwise && user.isAdmin();
        }
        if (asked && !user.isAdmin()) {
            throw new NotAllowed("Only admins can register a webhook for every event; yours hears of your own events");
        }
        return asked;
    }

    private record Checked(String url, List<String> types) {
    }

    /** The URL and event types, or every field at fault with why. */
    private Checked check(WebhookInput input) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        if (input.eventTypes() == null || input.eventTypes().isEmpty()) {
            problems.add(new FieldProblem("event_types", "must name at least one of " + WebhookEventType.listed()));
        } else {
            for (String type : input.eventTypes()) {
                if (type == null) {
                    problems.add(new FieldProblem("event_types", "must not contain null"));
                    continue;
                }
                WebhookEventType.fromWire(type).ifPresentOrElse(t -> types.add(t.wireName()), () -> problems.add(
                        new FieldProblem("event_types", "'" + clip(type, 40) + "' is not one of " + WebhookEventType.listed())));
            }
        }
        String url = input.url() == null ? "" : input.url().trim();
        URI parsed = null;
        if (url.isEmpty() || url.length() > 2000) {
            problems.add(new FieldProblem("url", "must be an absolute http or https URL of at most 2000 characters"));
        } else {
            try {
                parsed = AddressGuard.parse(url);
            } catch (AddressGuard.Refused e) {
                problems.add(new FieldProblem("url", e.reason()));
            }
        }
        if (input.description() != null && input.description().length() > 200) {
            problems.add(new FieldProblem("description", "must be at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput("Invalid fields: " + String.join(", ",
                    problems.stream().map(FieldProblem::field).distinct().toList()), problems);
        }
        try {
            guard.check(url);
        } catch (AddressGuard.Refused e) {
            throw new RuleViolated("The webhook URL " + e.reason(), List.of(new FieldProblem("url", e.reason())));
        }
        return new Checked(java.util.Objects.requireNonNull(parsed, "parsed above").toString(), List.copyOf(types));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    static WebhookView view(WebhookRepository.Endpoint e) {
        return new WebhookView(e.id(), e.ownerId(), e.url(), e.description(), e.eventTypes(), e.allEvents(),
                e.enabled(), e.consecutiveFailures(), e.disabledReason(), e.previousExpiresAt(), e.createdAt(),
                e.updatedAt(), null);
    }

    static DeliveryView view(WebhookRepository.Delivery d) {
        return new DeliveryView(d.id(), d.endpointId(), d.messageId(), d.eventType(), d.status(), d.attempts(),
                d.statusCode(), d.durationMs(), d.error(), d.responseExcerpt(), d.createdAt(), d.lastAttemptAt(),
                d.status().equals(WebhookRepository.PENDING) ? d.nextAttemptAt() : null);
    }
}
