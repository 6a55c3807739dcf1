package io.eventflow.compat;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import io.eventflow.platform.security.HttpAuthorizationRules;

/**
 * The old APIs decide per route who may call (seeds 000 and 002 had no accounts; seed 001 needs a token for some
 * routes): the adapters ask for a {@code CurrentUser} where one is needed and {@link Writers} rules on anonymous
 * writes. A token that is sent is still verified by the security chain, and a bad one is refused.
 */
@Component
@CompatEnabled
class CompatRoutes implements HttpAuthorizationRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        for (Door door : Door.values()) {
            routes.requestMatchers(door.prefix(), door.prefix() + "/**").permitAll();
        }
    }
}
