package io.eventflow.platform.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.eventflow.platform.Vendor;

/**
 * Where users reach EventFlow ({@code eventflow.public-url}, e.g. {@code https://events.example.com}). Links that
 * leave the request — in a calendar file, in JSON read on another origin — are built from it rather than from the
 * request's {@code Host}, which the client chooses. Mail links and the password-reset link default to it as well
 * ({@code application.yml}). Unset, the request's own address is used: right on one machine and in the embedded
 * default, and said at start when EventFlow runs on PostgreSQL, i.e. for real.
 */
@Component
public final class PublicUrl {

    private static final Logger log = LoggerFactory.getLogger(PublicUrl.class);

    private final @Nullable String base;

    PublicUrl(Settings settings, Vendor vendor) {
        this.base = settings.publicUrl() == null ? null : settings.publicUrl().toString().replaceAll("/+$", "");
        if (base == null && vendor.isPostgres()) {
            log.warn("eventflow.public-url is not set: links in calendar files follow each request's Host header. "
                    + "Set it (and check eventflow.notification.base-url) to the address users reach EventFlow at.");
        }
    }

    /** An absolute link to one of EventFlow's own paths ({@code /events/{id}}). */
    public String of(String path) {
        return base != null ? base + path : ServletUriComponentsBuilder.fromCurrentContextPath().path(path).toUriString();
    }

    /** @param publicUrl an absolute http(s) address without query or fragment; a path is kept as a prefix */
    @ConfigurationProperties("eventflow")
    @org.springframework.validation.annotation.Validated
    record Settings(@Nullable URI publicUrl) {
        @jakarta.validation.constraints.AssertTrue(message = "eventflow.public-url must be an absolute http(s) address "
                + "without query or fragment, like https://events.example.com")
        boolean isPublicUrlAbsolute() {
            return publicUrl == null || publicUrl.isAbsolute() && publicUrl.getScheme().matches("https?")
                    && publicUrl.getHost() != null && publicUrl.getRawQuery() == null && publicUrl.getRawFragment() == null;
        }
    }
}
