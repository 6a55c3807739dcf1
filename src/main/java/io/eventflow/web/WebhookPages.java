package io.eventflow.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.webhook.DeliveryView;
import io.eventflow.webhook.WebhookInput;
import io.eventflow.webhook.WebhookView;
import io.eventflow.webhook.Webhooks;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The organizers' webhooks page: their endpoints, a form to register one (its secret shown once, on the page that
 * answers the form, never stored in the session), and per endpoint its delivery log with resend, rotation, pausing
 * and deletion. Attendees get the 403 the API gives them, someone else's endpoint is a 404.
 */
@Controller
class WebhookPages {

    private final Webhooks webhooks;
    private final PageTexts texts;

    WebhookPages(Webhooks webhooks, PageTexts texts) {
        this.texts = texts;
        this.webhooks = webhooks;
    }

    @GetMapping("/webhooks")
    String list(@RequestParam(required = false) @Nullable Integer page, Model model) {
        return listPage(CurrentUsers.required(), page, model);
    }

    /** Answered with the page itself, not a redirect: the new secret is shown once and kept nowhere. */
    @PostMapping("/webhooks")
    String register(@RequestParam(required = false) @Nullable String url,
            @RequestParam(name = "eventTypes", required = false) @Nullable List<String> eventTypes,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable String allEvents, Model model, HttpServletResponse response) {
        CurrentUser me = CurrentUsers.required();
        WebhookInput input = new WebhookInput(url == null ? "" : url, eventTypes == null ? List.of() : eventTypes,
                description, me.isAdmin() ? Boolean.valueOf(allEvents != null) : null, null);
        try {
            WebhookView created = webhooks.register(me, input);
            model.addAttribute("created", created);
        } catch (DomainException e) {
            if (!refusedInput(e)) {
                throw e;
            }
            response.setStatus(422);
            model.addAttribute("problems", problems(e));
            model.addAttribute("formUrl", url);
            model.addAttribute("formDescription", description);
            model.addAttribute("formTypes", eventTypes == null ? List.of() : eventTypes);
        }
        return listPage(me, 0, model);
    }

    @GetMapping("/webhooks/{id}")
    String detail(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer page, Model model) {
        return detailPage(CurrentUsers.required(), webhooks.get(CurrentUsers.required(), id), page, model);
    }

    @PostMapping("/webhooks/{id}/rotate-secret")
    String rotate(@PathVariable UUID id, Model model) {
        CurrentUser me = CurrentUsers.required();
        WebhookView rotated = webhooks.rotateSecret(me, id);
        model.addAttribute("secret", rotated.secret());
        return detailPage(me, rotated, 0, model);
    }

    @PostMapping("/webhooks/{id}/enabled")
    String enable(@PathVariable UUID id, @RequestParam(required = false) @Nullable String enabled,
            RedirectAttributes redirect) {
        CurrentUser me = CurrentUsers.required();
        WebhookView webhook = webhooks.get(me, id);
        boolean on = "true".equals(enabled);
        webhooks.update(me, id, new WebhookInput(webhook.url(), webhook.eventTypes(), webhook.description(),
                webhook.allEvents(), on));
        redirect.addFlashAttribute("notice", texts.text(on ? "webhook.turned-on" : "webhook.paused-notice"));
        return "redirect:/webhooks/" + id;
    }

    @PostMapping("/webhooks/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        webhooks.delete(CurrentUsers.required(), id);
        redirect.addFlashAttribute("notice", texts.text("webhook.deleted"));
        return "redirect:/webhooks";
    }

    @PostMapping("/webhooks/{id}/deliveries/{deliveryId}/resend")
    String resend(@PathVariable UUID id, @PathVariable UUID deliveryId, RedirectAttributes redirect) {
        webhooks.resend(CurrentUsers.required(), id, deliveryId);
        redirect.addFlashAttribute("notice", texts.text("webhook.resent"));
        return "redirect:/webhooks/" + id;
    }

    private String listPage(CurrentUser me, @Nullable Integer page, Model model) {
        PageView<WebhookView> found = webhooks.list(me, Paging.of(page, 20));
        model.addAttribute("webhooks", found.items());
        model.addAttribute("total", found.total());
        model.addAttribute("page", found.page());
        model.addAttribute("hasPrevious", found.page() > 0);
        model.addAttribute("hasNext", (long) (found.page() + 1) * found.size() < found.total());
        model.addAttribute("eventTypes", webhooks.eventTypes());
        model.addAttribute("isAdmin", me.isAdmin());
        return "webhooks/list";
    }

    private String detailPage(CurrentUser me, WebhookView webhook, @Nullable Integer page, Model model) {
        PageView<DeliveryView> deliveries = webhooks.deliveries(me, webhook.id(), Paging.of(page, 30));
        model.addAttribute("webhook", webhook);
        model.addAttribute("deliveries", deliveries.items());
        model.addAttribute("total", deliveries.total());
        model.addAttribute("page", deliveries.page());
        model.addAttribute("hasPrevious", deliveries.page() > 0);
        model.addAttribute("hasNext", (long) (deliveries.page() + 1) * deliveries.size() < deliveries.total());
        return "webhooks/detail";
    }

    private static boolean refusedInput(DomainException e) {
        return e.kind() == DomainException.Kind.INVALID_INPUT || e.kind() == DomainException.Kind.RULE_VIOLATED
                || e.kind() == DomainException.Kind.CONFLICT;
    }

    private List<String> problems(DomainException e) {
        if (e.errors().isEmpty()) {
            return List.of(String.valueOf(e.getMessage()));
        }
        return e.errors().stream().map(this::say).toList();
    }

    private String say(FieldProblem problem) {
        String field = switch (problem.field()) {
            case "url" -> texts.text("webhooks.url");
            case "event_types" -> texts.text("webhooks.event-types");
            default -> problem.field();
        };
        return field + ": " + problem.message();
    }
}
