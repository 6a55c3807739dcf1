package io.eventflow.platform.web;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API speaks JSON (API.md).
 * <ul>
 * <li>The XML and YAML converters Spring registers because a library on the class path brings them are taken out.
 * Left in, {@code Accept: application/yaml} chose a Jackson 2 YAML writer that named the fields in camelCase, wrote
 * times as numbers and failed with a 500 on every list.</li>
 * <li>A change (POST, PUT, PATCH, DELETE) whose answer the client says it cannot take is refused with 406 before it
 * is made: Spring negotiates the representation only once the handler has run, so a batch of events was written
 * behind a failed answer, and written again by every retry.</li>
 * <li>A body whose {@code Content-Type} is a wildcard ({@code *}{@code /*}, {@code application/*}) is refused with 415:
 * it names no format to read, and Spring, asked for the request's headers while reading the body, failed on it with
 * an IllegalArgumentException, a 500 (found by ApiFuzzIT).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class JsonOnly implements WebMvcConfigurer {

    private static final Set<String> OTHER_FORMATS = Set.of("xml", "yaml", "cbor", "smile");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    @Bean
    ServerHttpMessageConvertersCustomizer jsonOnlyConverters() {
        return builder -> builder.configureMessageConvertersList(converters -> converters.removeIf(JsonOnly::otherFormat));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor()).addPathPatterns("/api/**");
    }

    static HandlerInterceptor interceptor() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws HttpMediaTypeNotAcceptableException, HttpMediaTypeNotSupportedException {
                if (handler instanceof HandlerMethod) {
                    requireNamedContentType(request);
                    if (!SAFE_METHODS.contains(request.getMethod())) {
                        requireJsonAcceptable(request);
                    }
                }
                return true;
            }
        };
    }

    /** A wildcard Content-Type names no format: 415, as for any other type the API cannot read. */
    static void requireNamedContentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String contentType = request.getContentType();
        if (contentType == null) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException unreadable) {
            return; // Spring answers an unreadable Content-Type with 415 itself, where a handler reads the body
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(), HttpMethod.valueOf(request.getMethod()));
        }
    }

    /** A converter that writes only some other format (not JSON, text, bytes or forms). */
    static boolean otherFormat(HttpMessageConverter<?> converter) {
        List<MediaType> types = converter.getSupportedMediaTypes();
        return !types.isEmpty() && types.stream()
                .allMatch(type -> OTHER_FORMATS.stream().anyMatch(format -> type.getSubtype().contains(format)));
    }

    static void requireJsonAcceptable(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            return;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException unreadable) {
            throw new HttpMediaTypeNotAcceptableException("Could not parse 'Accept' header " + accept + ": "
                    + unreadable.getMessage());
        }
        boolean json = acceptable.stream().anyMatch(type -> type.getQualityValue() > 0
                && JSON.stream().anyMatch(type::isCompatibleWith));
        if (!json) {
            throw new HttpMediaTypeNotAcceptableException(JSON);
        }
    }
}
