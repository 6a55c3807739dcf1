package io.eventflow.backup;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import io.eventflow.platform.security.HttpAuthorizationRules;

/** Backups are for admins only, decided before any handler runs (the controller checks again). */
@Component
class BackupRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        routes.requestMatchers("/api/v1/admin/backups", "/api/v1/admin/backups/**").hasRole("ADMIN");
    }
}
