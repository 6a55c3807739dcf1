package io.eventflow.web;

import org.springframework.validation.BindingResult;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.FieldProblem;

/** Puts the field errors of a refused request next to the form fields they concern. */
final class FormErrors {

    private FormErrors() {
    }

    static void apply(DomainException ex, BindingResult form) {
        if (ex.errors().isEmpty()) {
            form.reject("refused", null, ex.getMessage()); // what reject(code, message) does, with a @Nullable message
            return;
        }
        for (FieldProblem problem : ex.errors()) {
            String field = camelCase(problem.field());
            if (form.getTarget() != null && org.springframework.beans.BeanUtils.getPropertyDescriptor(form.getTarget().getClass(), field) != null) {
                form.rejectValue(field, "invalid", problem.message());
            } else {
                form.reject("invalid", problem.field() + " " + problem.message());
            }
        }
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
