package io.eventflow.platform.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.RequestPath;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches an API request that no controller maps, so that it is let through to Spring MVC's 404 rather than told to
 * sign in: a newcomer with a typo in the path should learn that the path is wrong. Which routes exist is no secret
 * (the OpenAPI document lists them all). Only annotated controllers count (the static files' mappings are no API
 * route). A path that exists with another method counts as known, so that its 401 or 405 stays as it is.
 */
final class UnknownRoutes implements RequestMatcher {

    private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;
    private volatile @Nullable List<RequestMappingInfoHandlerMapping> resolved;

    UnknownRoutes(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        // the mappings look up the parsed path that DispatcherServlet caches later on; parse it here, and leave the
        // request as it was found
        RequestPath previous = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request) : null;
        ServletRequestPathUtils.parseAndCache(request);
        try {
            for (RequestMappingInfoHandlerMapping mapping : mappings()) {
                HandlerExecutionChain handler = mapping.getHandler(request);
                if (handler != null) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            // a route that exists but refuses this method or media type: known
            return false;
        } finally {
            if (previous != null) {
                ServletRequestPathUtils.setParsedRequestPath(previous, request);
            } else {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    private List<RequestMappingInfoHandlerMapping> mappings() {
        List<RequestMappingInfoHandlerMapping> current = resolved;
        if (current == null) {
            // resolved on first use: the handler mappings are built after the security filter chain
            current = mappings.orderedStream().toList();
            resolved = current;
        }
        return current;
    }
}
