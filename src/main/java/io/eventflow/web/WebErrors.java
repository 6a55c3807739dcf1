package io.eventflow.web;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.web.ApiException;
import io.eventflow.platform.web.DomainStatus;

/** Failures of page requests become an HTML page with the right status, not a JSON problem. */
@ControllerAdvice(basePackageClasses = WebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

    private final PageTexts texts;

    WebErrors(PageTexts texts) {
        this.texts = texts;
    }

    @ExceptionHandler(DomainException.class)
    String handle(DomainException ex, Model model, HttpServletResponse response) {
        return page(DomainStatus.of(ex.kind()), ex.getMessage(), model, response);
    }

    @ExceptionHandler(ApiException.class)
    String handle(ApiException ex, Model model, HttpServletResponse response) {
        return page(ex.status(), ex.getMessage(), model, response);
    }

    private String page(HttpStatus status, @Nullable String detail, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", texts.status(status));
        model.addAttribute("detail", detail);
        return "error";
    }
}
