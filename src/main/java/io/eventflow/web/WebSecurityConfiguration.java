package io.eventflow.web;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import io.eventflow.identity.BrowserSessions;
import io.eventflow.platform.ratelimit.RateLimiter;
import io.eventflow.platform.web.ProblemResponses;

/**
 * The browser's side: a session cookie from a form login, CSRF tokens on every form, a strict content
 * security policy. The API keeps its own stateless bearer-token chain (platform).
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    /** Everything the API's and the WebSocket handshakes' chains do not match: last. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain webSecurity(HttpSecurity http, RateLimiter rateLimiter, BrowserSessions sessions,
            ProblemResponses problems, MapProperties maps) throws Exception {
        http.authorizeHttpRequests(routes -> routes
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/events/new", "/events/{id}/edit", "/events/import", "/profile", "/profile/**", "/bookings",
                                "/bookings/**", "/events/{id}/attendees", "/events/{id}/attendees.csv", "/events/{id}/attendees.xlsx",
                                "/notifications", "/notifications/**", "/feed",
                                "/admin/**", "/dashboard", "/dashboard/**", "/events/{id}/dashboard",
                                "/events/{id}/dashboard/**", "/webhooks", "/webhooks/**").authenticated()
                        .requestMatchers(HttpMethod.POST, "/bookings/**", "/notifications/**", "/users/**", "/photos/**", "/webhooks",
                                "/webhooks/**").authenticated()
                        .requestMatchers(HttpMethod.POST, "/events", "/events/**").authenticated()
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").failureHandler(signInFailed()).permitAll()
                        .successHandler(recordingSignIn(sessions)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signed-out"))
                // every page sends a signed-out browser to sign in, except the JSON the pages' scripts poll, which a
                // redirect would hand the sign-in page as HTML. Set whole: registering only the exception would make it
                // the default for requests that Spring's form-login matcher does not take for a browser's.
                .exceptionHandling(errors -> errors.authenticationEntryPoint(DelegatingAuthenticationEntryPoint.builder()
                        .addEntryPointFor((request, response, denied) -> problems.write(request, response,
                                HttpStatus.UNAUTHORIZED, "Sign in to read your notifications"),
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/notifications/latest"))
                        .addEntryPointFor((request, response, denied) -> problems.write(request, response,
                                HttpStatus.UNAUTHORIZED, "Sign in to read your dashboard"), new OrRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/dashboard/figures"),
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/events/{id}/dashboard/figures")))
                        .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
                        .build()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        // the maps' tiles come from the configured tile server, nothing else from another origin
                        "default-src 'self'; img-src 'self' data: " + maps.tileSource() + "; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                + "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"))
                        // links to other sites carry no path (event ids, tokens in reset links); no powerful features
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .addHeaderWriter(new org.springframework.security.web.header.writers.StaticHeadersWriter(
                                "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=()")))
                .addFilterBefore(rateLimiter.filter(), UsernamePasswordAuthenticationFilter.class)
                // a session whose account was deleted, demoted or had all its sessions ended is signed out here
                .addFilterAfter(sessions.guard(), SecurityContextHolderFilter.class);
        return http.build();
    }

    /**
     * Back to the sign-in page, saying why: a wrong name or password, or sign-in with that name paused after failed
     * attempts (identity's login throttle, as Spring Security's {@link LockedException}; its message, kept in the
     * session by the handler, says how long).
     */
    private static AuthenticationFailureHandler signInFailed() {
        AuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler("/login?error");
        AuthenticationFailureHandler paused = new SimpleUrlAuthenticationFailureHandler("/login?error&throttled");
        return (request, response, exception) -> (exception instanceof LockedException ? paused : wrong)
                .onAuthenticationFailure(request, response, exception);
    }

    /**
     * The default success handler (back to the page that asked for a sign-in, else home), once the session is marked
     * signed in: a session without the mark counts as ended, the cookie of a sign-in whose redirect was never followed
     * included — it must not outlive a password reset.
     */
    private static AuthenticationSuccessHandler recordingSignIn(BrowserSessions sessions) {
        AuthenticationSuccessHandler back = new SavedRequestAwareAuthenticationSuccessHandler();
        return (request, response, authentication) -> {
            sessions.signedIn(request);
            back.onAuthenticationSuccess(request, response, authentication);
        };
    }
}
