package io.eventflow.identity.session;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.Session;

import io.eventflow.identity.CurrentUser;

/**
 * The web UI's sessions live in the database (Spring Session JDBC; tables {@code spring_session} and
 * {@code spring_session_attributes}, made by Flyway), not in the Tomcat of the node that created them: behind a load
 * balancer without stickiness any node serves any browser, and a session ended on one node (sign-out,
 * {@link BrowserSessionGuard}) is gone for all. Boot's auto-configuration does the rest from
 * {@code server.servlet.session.*} (timeout, cookie) and {@code spring.session.jdbc.*} (the cleanup's schedule).
 */
@Configuration(proxyBeanMethods = false)
class BrowserSessionStore {

    private static final Logger log = LoggerFactory.getLogger(BrowserSessionStore.class);

    /**
     * {@code principal_name} is the signed-in user's id. Spring Session's default takes the authentication's name, which
     * for a {@link CurrentUser} principal is the record's {@code toString()}: from a username of about 25 characters
     * on (32 are allowed) it overflowed the column's 100 (a failed save, a 500), and it changes with the username.
     */
    @Bean
    IndexResolver<Session> browserSessionPrincipal() {
        return session -> {
            String userId = userId(session);
            return userId == null ? Map.of() : Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, userId);
        };
    }

    private static @Nullable String userId(Session session) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication authentication = context instanceof SecurityContext security ? security.getAuthentication() : null;
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user ? user.id().toString() : null;
    }

    /**
     * Attributes are Java-serialised. One that can no longer be read — its class changed between versions during a
     * rolling upgrade, or the bytes are damaged — reads as absent: without the security context the browser is simply
     * signed out (and signs in again), where Spring Session's default converter would throw, a 500 on every request
     * of that browser until its cookie expired. Not a default candidate: only Spring Session asks for it, by name.
     */
    @Bean(defaultCandidate = false)
    ConversionService springSessionConversionService(ResourceLoader resources) {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, new Lenient(new DeserializingConverter(resources.getClassLoader())));
        return conversions;
    }

    private record Lenient(DeserializingConverter strict) implements Converter<byte[], @Nullable Object> {

        @Override
        public @Nullable Object convert(byte[] bytes) {
            try {
                return strict.convert(bytes);
            } catch (RuntimeException unreadable) {
                log.warn("A browser session's attribute could not be read and counts as absent (signed out): {}",
                        NestedExceptionUtils.getMostSpecificCause(unreadable).toString());
                return null;
            }
        }
    }
}
