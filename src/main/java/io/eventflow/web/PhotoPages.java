package io.eventflow.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.identity.CurrentUser;
import io.eventflow.media.Photos;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAuthenticated;

/** Adding and deleting photos from the event page; refusals come back to the page as a message next to the form. */
@Controller
class PhotoPages {

    private final Photos photos;
    private final PageTexts texts;

    PhotoPages(Photos photos, PageTexts texts) {
        this.texts = texts;
        this.photos = photos;
    }

    @PostMapping("/events/{id}/photos")
    String upload(@PathVariable UUID id, @RequestParam(name = "photo", required = false) @Nullable MultipartFile photo,
            RedirectAttributes redirect) {
        CurrentUser me = signedIn();
        try {
            if (photo == null || photo.isEmpty()) {
                throw InvalidInput.field("photo", "choose an image file");
            }
            photos.upload(me, id, photo.getOriginalFilename(), photo.getSize(), photo);
            redirect.addFlashAttribute("photoNotice", texts.text("gallery.added"));
        } catch (DomainException e) {
            if (refusal(e)) {
                throw e;
            }
            redirect.addFlashAttribute("photoError", e.getMessage());
        }
        return "redirect:/events/" + id + "#gallery";
    }

    @PostMapping("/photos/{photoId}/delete")
    String delete(@PathVariable UUID photoId, @RequestParam UUID eventId, RedirectAttributes redirect) {
        try {
            photos.delete(signedIn(), photoId);
            redirect.addFlashAttribute("photoNotice", texts.text("gallery.deleted"));
        } catch (DomainException e) {
            if (refusal(e)) {
                throw e;
            }
            redirect.addFlashAttribute("photoError", e.getMessage());
        }
        return "redirect:/events/" + eventId + "#gallery";
    }

    /**
     * Who may not do it, or what is not there, is an error page with its status (as on the other pages), not a note
     * under the gallery after a redirect that reads like success: the page offers these forms only to those allowed.
     * What is wrong with the file itself stays a note next to the gallery.
     */
    private static boolean refusal(DomainException e) {
        return e.kind() == DomainException.Kind.NOT_FOUND || e.kind() == DomainException.Kind.NOT_ALLOWED
                || e.kind() == DomainException.Kind.NOT_AUTHENTICATED;
    }

    private static CurrentUser signedIn() {
        CurrentUser me = CurrentUsers.current();
        if (me == null) {
            throw new NotAuthenticated("Sign in first");
        }
        return me;
    }
}
