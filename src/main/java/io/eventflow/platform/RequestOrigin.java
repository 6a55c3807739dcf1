package io.eventflow.platform;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where the request being served on this thread comes from: the client's address (as Tomcat's RemoteIpValve resolved
 * it, so {@code X-Forwarded-For} counts only from a trusted proxy) and the request id. Set by the web layer's request
 * id filter for the length of the request, so code that must not speak HTTP (a domain-event listener writing the
 * audit log) can still say who asked. Empty on threads that serve no request: scheduled jobs, outbox listeners.
 */
public record RequestOrigin(@Nullable String clientAddress, @Nullable String requestId) {

    private static final ThreadLocal<RequestOrigin> CURRENT = new ThreadLocal<>();

    public static Optional<RequestOrigin> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes {@code origin} the current one until the returned scope is closed, which brings back the one before (an
     * error dispatch runs inside the request it reports on).
     */
    public static Scope open(RequestOrigin origin) {
        RequestOrigin before = CURRENT.get();
        CURRENT.set(origin);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
