package io.eventflow.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.identity.CurrentUser;
import io.eventflow.notification.Notifications;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/** The notification centre and the preferences page. */
@Controller
class NotificationPages {

    /** As many as the bell lists at most; older ones are on the notification centre's page. */
    private static final int LATEST = 20;

    private final Notifications notifications;
    private final PageTexts texts;

    NotificationPages(Notifications notifications, PageTexts texts) {
        this.texts = texts;
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    String list(@RequestParam(required = false) @Nullable Integer page, Model model) {
        CurrentUser me = CurrentUsers.required();
        PageView<Notifications.InAppNotification> found = notifications.inApp(me, Paging.of(page, 30));
        model.addAttribute("items", found.items());
        model.addAttribute("page", found.page());
        model.addAttribute("hasPrevious", found.page() > 0);
        model.addAttribute("hasNext", (long) (found.page() + 1) * found.size() < found.total());
        model.addAttribute("unread", notifications.unread(me));
        return "notifications/list";
    }

    /**
     * The newest in-app notifications as JSON, for the bell of live.js to catch up after its socket was down: pushes
     * are at most once, and the browser has a session, not the bearer token {@code GET /api/v1/notifications} wants.
     */
    @GetMapping(path = "/notifications/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Latest> latest() {
        List<Notifications.InAppNotification> items = notifications.inApp(CurrentUsers.required(), Paging.of(0, LATEST)).items();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Latest(items));
    }

    /** {@code {items: [{id, type, message, event_id, read, created_at}]}}, newest first. */
    record Latest(List<Notifications.InAppNotification> items) {
    }

    @PostMapping("/notifications/{id}/read")
    String read(@PathVariable UUID id) {
        notifications.markRead(CurrentUsers.required(), id);
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/read-all")
    String readAll() {
        notifications.markAllRead(CurrentUsers.required());
        return "redirect:/notifications";
    }

    @GetMapping("/notifications/preferences")
    String preferences(Model model) {
        model.addAttribute("preferences", notifications.preferences(CurrentUsers.required()));
        return "notifications/preferences";
    }

    /** Checkboxes: a ticked box sends {@code type.channel=on}, an unticked one nothing, so every known pair is set. */
    @PostMapping("/notifications/preferences")
    String savePreferences(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        CurrentUser me = CurrentUsers.required();
        Map<String, Map<String, Boolean>> values = new LinkedHashMap<>();
        notifications.preferences(me).forEach((type, channels) -> {
            Map<String, Boolean> chosen = new LinkedHashMap<>();
            channels.keySet().forEach(channel -> chosen.put(channel, form.containsKey(type + "." + channel)));
            values.put(type, chosen);
        });
        notifications.setPreferences(me, values);
        redirect.addFlashAttribute("notice", texts.text("preferences.saved"));
        return "redirect:/notifications/preferences";
    }
}
