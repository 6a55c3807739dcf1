package io.eventflow.identity.token;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.NotAuthenticated;

/**
 * Lets any controller declare a {@link CurrentUser} parameter; answers 401 if there is no verified user, unless the
 * parameter is {@code @Nullable} (a route anyone may call that answers a signed-in caller differently).
 */
@Configuration(proxyBeanMethods = false)
public class CurrentUserResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    static {
        // filled in by this resolver from the token, never sent by a client: left out of the OpenAPI document, where
        // it showed as a required query parameter "user" on every route that takes it
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CurrentUser.class;
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
            NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
        CurrentUser user = fromAuthentication(SecurityContextHolder.getContext().getAuthentication());
        if (user == null && parameter.isOptional()) {
            return null;
        }
        if (user == null) {
            throw new NotAuthenticated("Authentication is required: send 'Authorization: Bearer <access_token>'");
        }
        return user;
    }

    /** Null when nobody (or nobody this application knows as a user) is signed in. */
    public @Nullable CurrentUser fromAuthentication(@Nullable Authentication authentication) {
        return of(authentication);
    }

    /** As {@link #fromAuthentication}, for callers that are no bean (see {@code SignedInUsers}). */
    public static @Nullable CurrentUser of(@Nullable Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        if (authentication.getPrincipal() instanceof Jwt jwt) {
            return JwtConfiguration.currentUser(jwt); // API: bearer token
        }
        if (authentication.getPrincipal() instanceof CurrentUser user) {
            return user; // web UI: session from a form login
        }
        return null;
    }
}
