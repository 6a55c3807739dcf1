package io.eventflow.platform.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A module's say in who may call its routes. Each module declares its own public or role-restricted
 * paths as a bean of this type; the platform applies them all before its default that every other
 * {@code /api/**} route needs an authenticated user.
 */
@FunctionalInterface
public interface HttpAuthorizationRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes);

    /**
     * Paths anyone may read: GET, and with it HEAD (what caches and link checkers send) and OPTIONS (which methods
     * a path allows). Only read methods: writing stays behind a token.
     */
    static void publicReads(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes,
            String... paths) {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS}) {
            routes.requestMatchers(method, paths).permitAll();
        }
    }
}
