package io.eventflow.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The stylesheets and scripts every page loads (four a page, fetched again each time: answers say no-store) are served
 * as if the browser had no session. Sessions are in the database: with the cookie, each file read its session there
 * (Spring MVC looks for flash attributes on every request, the session guard for the user) and wrote its last-access
 * time back — three statements a file, none of which a static file needs.
 */
@Configuration(proxyBeanMethods = false)
class StaticFiles {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> staticFilesWithoutSession() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(new WithoutSession(request), response);
            }
        });
        registration.addUrlPatterns("/css/*", "/js/*", "/webjars/*");
        // right inside Spring Session's filter (spring.session.servlet.filter-order keeps its default): hides its session
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }

    /** Finds no session and asks for none; only an explicit request to create one goes through. */
    private static final class WithoutSession extends HttpServletRequestWrapper {

        WithoutSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable HttpSession getSession(boolean create) {
            return create ? super.getSession(true) : null;
        }

        @Override
        public @Nullable String getRequestedSessionId() {
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }
}
