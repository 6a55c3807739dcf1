package io.eventflow.social;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import io.eventflow.platform.security.HttpAuthorizationRules;

/** Follow lists are public, like profiles; following and the feed need a token. */
@Component
class SocialRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        HttpAuthorizationRules.publicReads(routes, "/api/v1/users/{id}/followers", "/api/v1/users/{id}/following");
    }
}
