package io.eventflow.catalog;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import io.eventflow.platform.security.HttpAuthorizationRules;

/** Reading the catalog is public; changing it needs a token (roles are checked by {@link EventService}). */
@Component
class CatalogRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        HttpAuthorizationRules.publicReads(routes, "/api/v1/events", "/api/v1/events/{id}", "/api/v1/event-series/{id}");
    }
}
