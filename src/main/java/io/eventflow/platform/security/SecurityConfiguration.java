package io.eventflow.platform.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import io.eventflow.platform.ratelimit.RateLimiter;
import io.eventflow.platform.web.ProblemResponses;
import jakarta.servlet.DispatcherType;

/**
 * The API ({@code /api/**}, Actuator) is stateless: a bearer JWT on every request, no session, no CSRF
 * token (no cookie carries credentials). Which routes are public is each module's own business, see
 * {@link HttpAuthorizationRules}. Everything else (the browser UI) has a chain of its own in the web module,
 * with a session cookie and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * No Micrometer observation per security filter: even with the observations disabled by predicate, the
     * decorator stayed in every filter call (~6 % of a GET by id's CPU in bench/catalog). HTTP server metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, List<HttpAuthorizationRules> moduleRules,
            ObjectProvider<Converter<Jwt, ? extends AbstractAuthenticationToken>> jwtConverter,
            ProblemResponses problems, RateLimiter rateLimiter, CorsSettings cors,
            ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings) throws Exception {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems);
        http.securityMatcher("/api/**", "/actuator/**")
                .cors(config -> config.configurationSource(cors.source()))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                // Headers are written before the chain runs rather than through a request/response wrapper that
                // every later getMethod()/getAttribute() would pay for (bench/catalog, GET by id). The servlet API
                // wrapper stays: Actuator decides who sees health details by request.isUserInRole().
                .headers(headers -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <F extends HeaderWriterFilter> F postProcess(F filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(routes -> {
                    routes.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    moduleRules.forEach(rules -> rules.configure(routes));
                    // Scrapers carry no user token; in production expose management on an internal port instead.
                    routes.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus").permitAll();
                    routes.requestMatchers("/actuator/**").hasRole("ADMIN");
                    routes.requestMatchers(new UnknownRoutes(handlerMappings)).permitAll();
                    routes.anyRequest().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwtConverter.ifAvailable(jwt::jwtAuthenticationConverter))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterAfter(rateLimiter.filter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }
}
