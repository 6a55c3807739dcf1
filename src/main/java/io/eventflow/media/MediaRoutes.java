package io.eventflow.media;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import io.eventflow.platform.security.HttpAuthorizationRules;

/** Galleries and photo files are public; uploading and deleting need a token (the rules are in {@link PhotoService}). */
@Component
class MediaRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        HttpAuthorizationRules.publicReads(routes, "/api/v1/events/{id}/photos", "/api/v1/photos/{id}",
                "/api/v1/photos/{id}/thumbnail");
    }
}
