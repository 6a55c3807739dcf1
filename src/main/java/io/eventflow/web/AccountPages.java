package io.eventflow.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import io.eventflow.identity.Accounts;
import io.eventflow.identity.BrowserSessions;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Languages;
import io.eventflow.identity.Profile;
import io.eventflow.identity.Role;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserNotFound;
import io.eventflow.notification.CalendarFeeds;
import io.eventflow.platform.domain.DomainException;

/** Sign in, sign up and the profile page. Signing out is Spring Security's POST /logout. */
@Controller
class AccountPages {

    private final Accounts accounts;
    private final UserDirectory users;
    private final CalendarFeeds calendarFeeds;
    private final BrowserSessions sessions;
    private final PageTexts texts;
    private final PageLanguages pageLanguages;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    AccountPages(Accounts accounts, UserDirectory users, CalendarFeeds calendarFeeds, BrowserSessions sessions, PageTexts texts,
            PageLanguages pageLanguages) {
        this.pageLanguages = pageLanguages;
        this.texts = texts;
        this.calendarFeeds = calendarFeeds;
        this.accounts = accounts;
        this.users = users;
        this.sessions = sessions;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        // a sign-in refused because sign-in with that name is paused: the failure handler kept why, and for how long
        HttpSession session = request.getSession(false);
        if (request.getParameter("throttled") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LockedException paused) {
            model.addAttribute("throttled", paused.getMessage());
        }
        return "auth/login";
    }

    @GetMapping("/register")
    String registerPage(Model model) {
        model.addAttribute("form", new RegistrationForm());
        return "auth/register";
    }

    @PostMapping("/register")
    String register(@ModelAttribute("form") RegistrationForm form, BindingResult binding, HttpServletRequest request,
            HttpServletResponse response) {
        if (!form.getPassword().equals(form.getConfirmPassword())) {
            binding.rejectValue("confirmPassword", "mismatch", texts.text("register.password-mismatch"));
            return "auth/register";
        }
        CurrentUser user;
        try {
            user = accounts.register(form.getUsername(), form.getEmail(), form.getPassword(),
                    "organizer".equals(form.getRole()) ? Role.ORGANIZER : Role.ATTENDEE);
        } catch (DomainException e) {
            FormErrors.apply(e, binding);
            return "auth/register";
        }
        signIn(user, request, response);
        return "redirect:/?welcome";
    }

    @GetMapping("/profile")
    String profile(Model model) {
        CurrentUser me = CurrentUsers.required();
        model.addAttribute("profile", users.find(me.id()).orElseThrow(() -> new UserNotFound(me.id())));
        model.addAttribute("email", users.email(me.id()).orElse(""));
        Profile profile = accounts.profile(me.id());
        model.addAttribute("shareEmail", profile.shareEmailWithOrganizers());
        // the language the pages are in when the profile has none yet (browser's choice or Accept-Language)
        model.addAttribute("language", profile.language() != null ? profile.language()
                : Languages.of(LocaleContextHolder.getLocale()));
        return "profile";
    }

    /**
     * The profile's language, which is also this browser's choice from now on: the switcher's cookie would otherwise
     * still win over it. Anything but a supported language is refused (400), as by the API.
     */
    @PostMapping("/profile/language")
    String language(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String language,
            HttpServletRequest request, HttpServletResponse response,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        accounts.changeLanguage(CurrentUsers.required(), language);
        pageLanguages.setLocale(request, response, Locale.forLanguageTag(language));
        redirect.addFlashAttribute("notice", texts.text("profile.language.saved"));
        return "redirect:/profile";
    }

    /** A checkbox form: an unticked box sends nothing, which means off. */
    @PostMapping("/profile/email-sharing")
    String emailSharing(@org.springframework.web.bind.annotation.RequestParam(name = "share", required = false)
            @org.jspecify.annotations.Nullable String share,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        boolean on = accounts.shareEmailWithOrganizers(CurrentUsers.required(), share != null).shareEmailWithOrganizers();
        redirect.addFlashAttribute("notice", texts.text(on ? "profile.email-sharing.on" : "profile.email-sharing.off"));
        return "redirect:/profile";
    }

    @PostMapping("/profile/calendar-feed")
    String calendarFeed(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        String url = calendarFeeds.newUrl(CurrentUsers.required());
        redirect.addFlashAttribute("calendarUrl", url.replaceFirst("^https?://", "webcal://"));
        redirect.addFlashAttribute("calendarHttpUrl", url);
        return "redirect:/profile";
    }

    /** A new account is signed in at once, in a fresh session (no fixation of a session id chosen before). */
    private void signIn(CurrentUser user, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(user.role().authority()))));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        sessions.signedIn(request);
    }

    static class RegistrationForm {
        private String username = "";
        private String email = "";
        private String password = "";
        private String confirmPassword = "";
        private String role = "attendee";

        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getConfirmPassword() { return confirmPassword; }
        public void setConfirmPassword(String confirmPassword) { this.confirmPassword = confirmPassword; }
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
    }
}
