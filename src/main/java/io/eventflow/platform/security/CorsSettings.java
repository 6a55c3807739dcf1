package io.eventflow.platform.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Which other sites' pages may call the API from a browser ({@code eventflow.http.cors.*}): none by default. Applies
 * to everything under {@code /api/}, which includes the older clients' APIs on their own ports. The API authenticates
 * with bearer tokens, not cookies, so credentials are off unless asked for — and never together with {@code *}.
 *
 * @param allowedOrigins   exact origins ({@code https://app.example.com}) or patterns ({@code https://*.example.com});
 *                         {@code *} for any
 * @param allowCredentials whether the browser may send cookies and see the answer (refused with {@code *})
 */
@ConfigurationProperties("eventflow.http.cors")
@Validated
public record CorsSettings(@DefaultValue List<String> allowedOrigins, @DefaultValue("false") boolean allowCredentials,
        @DurationMin(message = "must not be negative") @DefaultValue("1h") Duration maxAge) {

    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (allowCredentials && allowedOrigins.stream().anyMatch(origin -> origin.trim().equals("*"))) {
            throw new IllegalArgumentException("eventflow.http.cors.allow-credentials=true cannot go with the origin '*': "
                    + "any site could then act with a visitor's credentials; name the origins");
        }
    }

    CorsConfigurationSource source() {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (allowedOrigins.isEmpty()) {
            return source; // no configuration: no CORS headers, browsers keep other sites' pages out
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(allowedOrigins.stream().map(String::trim).toList());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        // the conditional request headers are not CORS-safelisted: without them here a browser's preflight refuses a
        // revalidation or a conditional change (ETag is exposed below so scripts can read the tag to send back)
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key", "X-Request-Id",
                "If-None-Match", "If-Match", "If-Modified-Since", "If-Unmodified-Since"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "RateLimit-Remaining", "X-Request-Id", "ETag"));
        cors.setAllowCredentials(allowCredentials);
        cors.setMaxAge(maxAge);
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }
}
