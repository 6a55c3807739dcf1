package io.eventflow.platform.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts a conditional read's validators ({@link Conditional#ok}) on its 200 at the moment its body is written: after
 * Spring chose the format, so a refusal before that (406) goes out without them. Only for the very body the
 * controller handed over: a problem written instead in the same request is another object.
 */
@RestControllerAdvice
class ConditionalHeaders implements ResponseBodyAdvice<Object> {

    static final String PENDING = ConditionalHeaders.class.getName() + ".pending";

    record Pending(Object body, Conditional.Validators validators) {
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.getParameterType() == ResponseEntity.class;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body != null && request instanceof ServletServerHttpRequest servlet
                && servlet.getServletRequest().getAttribute(PENDING) instanceof Pending pending && pending.body() == body) {
            Conditional.apply(response.getHeaders(), pending.validators());
        }
        return body;
    }
}
