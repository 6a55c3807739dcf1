package io.eventflow.compat;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

/**
 * A way in for older clients: the path prefix below which its adapters answer on EventFlow's own port, and how the
 * requests that come through it reach that prefix. The routing filters record the door a request came through, so
 * its errors are reshaped in the right dialect wherever they arise — even in the error dispatch after the fact.
 */
enum Door {

    /** Seeds 000, 001 and 002 on {@code eventflow.compat.port} (8000). */
    OLD_APIS(CompatPaths.PREFIX),
    /** Seed 004 on {@code eventflow.compat.v1-port} (5000): its routes are {@code /api/v1/...} there. */
    V1_API(CompatPaths.V1_PREFIX),
    /** Seed 003 at the root of the main port, for requests that are not the web UI's ({@link GatewayRouting}). */
    GATEWAY(CompatPaths.GATEWAY_PREFIX);

    private static final String ATTRIBUTE = Door.class.getName();

    private final String prefix;

    Door(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The dialect of an error on {@code path}, the path as the old client wrote it. */
    Dialect dialect(String path) {
        return switch (this) {
            case OLD_APIS -> Dialect.of(path);
            case V1_API -> Dialect.V1_API;
            case GATEWAY -> Dialect.GATEWAY;
        };
    }

    /**
     * Whether {@code uri}, arriving on this door's port, is one of EventFlow's own paths and stays as it is: the
     * WebSockets (the feeds and chat are EventFlow's), and on seed 004's port the photo files its events'
     * {@code photo_gallery} links to ({@code /api/v1/photos/{id}}, a path seed 004 itself never had).
     */
    boolean passesThrough(String uri) {
        return uri.startsWith("/ws/") || (this == V1_API && uri.startsWith("/api/v1/photos/"));
    }

    void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The door a routing filter let this request in by, if any. */
    static @Nullable Door marked(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Door door ? door : null;
    }

    /** The door whose prefix {@code uri} is below, if any (a request to the prefixed path on the main port). */
    static @Nullable Door below(String uri) {
        for (Door door : values()) {
            if (uri.equals(door.prefix) || uri.startsWith(door.prefix + "/")) {
                return door;
            }
        }
        return null;
    }

    /** {@code uri} without this door's prefix: the path as the old client wrote it. */
    String strip(String uri) {
        String rest = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
        return rest.isEmpty() ? "/" : rest;
    }
}
