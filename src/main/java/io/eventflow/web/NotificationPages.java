package io.eventflow.web;

import java.util.LinkedHashMap;
import java.util.Map;
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
import io.eventflow.notification.Notifications;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/** The notification centre and the preferences page. */
@Controller
class NotificationPages {

    private final Notifications notifications;

    NotificationPages(Notifications notifications) {
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
        redirect.addFlashAttribute("notice", "Your notification settings are saved.");
        return "redirect:/notifications/preferences";
    }
}
