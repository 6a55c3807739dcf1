package io.eventflow.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import io.eventflow.platform.web.ApiException;

/** Failures of page requests become an HTML page with the right status, not a JSON problem. */
@ControllerAdvice(basePackageClasses = WebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

    @ExceptionHandler(ApiException.class)
    String handle(ApiException ex, Model model, HttpServletResponse response) {
        response.setStatus(ex.status().value());
        model.addAttribute("status", ex.status().value());
        model.addAttribute("title", ex.status().getReasonPhrase());
        model.addAttribute("detail", ex.getMessage());
        return "error";
    }
}
