package io.eventflow.web;

import java.io.IOException;
import java.time.Duration;

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
import org.springframework.http.CacheControl;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The stylesheets and scripts every page loads, from the three places they live and nowhere else.
 *
 * <ul>
 * <li><b>Only their own paths.</b> Spring Boot's default maps static files on {@code /**}: every link a page writes
 * ({@code @{/events/…}}, a dozen a card list) then went through the resource chain as a possible file, missed, and
 * was looked up again in four classpath folders on the next page — three quarters of the home page's CPU
 * (bench/catalog/run-writes.sh, JFR). With {@code spring.web.resources.add-mappings=false} only {@code /css},
 * {@code /js} and {@code /webjars} are files; any other path is a route or a 404.</li>
 * <li><b>Cached for a year.</b> Pages link each file under a name that changes with its content (a hash for
 * EventFlow's own, the version for a WebJar), so a browser may keep it and never ask again; the answers said no-store,
 * and a phone fetched all of them on every page.</li>
 * <li><b>Without the session.</b> Sessions are in the database: with the cookie, each file read its session there
 * (Spring MVC looks for flash attributes on every request, the session guard for the user) and wrote its last-access
 * time back — three statements a file, none of which a static file needs.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class StaticFiles implements WebMvcConfigurer {

    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/css/**", "/js/**")
                .addResourceLocations("classpath:/static/css/", "classpath:/static/js/")
                .setCacheControl(IMMUTABLE)
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        // the chain adds the WebJars resolver: a page links /webjars/htmx.org/dist/htmx.min.js, the browser gets the
        // versioned path
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(IMMUTABLE)
                .resourceChain(true);
    }

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
