package io.eventflow.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.eventflow.identity.PasswordResets;
import io.eventflow.platform.domain.DomainException;

/**
 * "Forgot your password?": the form that mails a link, and the page the link opens (the mailed URL is
 * {@code eventflow.identity.password-reset-url}, {@code /reset-password?token=} here by default).
 */
@Controller
class PasswordPages {

    private final PasswordResets resets;
    private final PageTexts texts;

    PasswordPages(PasswordResets resets, PageTexts texts) {
        this.texts = texts;
        this.resets = resets;
    }

    @GetMapping("/forgot-password")
    String forgotPage() {
        return "auth/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@RequestParam(defaultValue = "") String email) {
        if (!email.isBlank()) {
            resets.requestReset(email.trim());
        }
        return "redirect:/forgot-password?sent"; // the same for every address
    }

    @GetMapping("/reset-password")
    String resetPage(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        return "auth/reset-password";
    }

    @PostMapping("/reset-password")
    String reset(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmPassword, Model model) {
        model.addAttribute("token", token);
        if (!password.equals(confirmPassword)) {
            model.addAttribute("problem", texts.text("reset.passwords-differ"));
            return "auth/reset-password";
        }
        try {
            resets.reset(token, password);
        } catch (DomainException e) {
            model.addAttribute("problem", e.getMessage());
            return "auth/reset-password";
        }
        return "redirect:/login?reset";
    }
}
