package io.eventflow.web;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.eventflow.catalog.EventPolicy;
import io.eventflow.identity.CurrentUser;

/** What every page's header needs: who is signed in and what they may do. */
@ControllerAdvice(basePackageClasses = LayoutModel.class)
class LayoutModel {

    @ModelAttribute("me")
    @Nullable CurrentUser me() {
        return CurrentUsers.current();
    }

    @ModelAttribute("organizer")
    boolean organizer() {
        CurrentUser me = CurrentUsers.current();
        return EventPolicy.mayPublish(me);
    }
}
