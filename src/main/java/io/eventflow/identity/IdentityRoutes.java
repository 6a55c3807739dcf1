package io.eventflow.identity;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

import io.eventflow.platform.security.HttpAuthorizationRules;

/** The account routes anyone may call; everything else under /api needs a token (the platform default). */
@Component
class IdentityRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        routes.requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                "/api/v1/auth/forgot-password", "/api/v1/auth/reset-password").permitAll();
        HttpAuthorizationRules.publicReads(routes, "/api/v1/users/{id}");
    }
}
