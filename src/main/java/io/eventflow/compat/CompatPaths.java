package io.eventflow.compat;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

/** Where the old APIs' routes live in EventFlow's own URL space (see {@link Door}). */
final class CompatPaths {

    /**
     * On the main port the old routes answer below these prefixes ({@code /api/compat/events/get?id=1}), for
     * deployments with one proxy in front; on the compatibility ports {@link CompatPortRouting} adds the prefix to every
     * request, so clients see the old paths unchanged. Under {@code /api/} they share the API's stateless security and
     * rate limits.
     */
    static final String PREFIX = "/api/compat";
    static final String V1_PREFIX = "/api/compat-v1";
    static final String GATEWAY_PREFIX = "/api/compat-gateway";

    private CompatPaths() {
    }

    /**
     * A link to {@code path} (as the old API writes it) for the client of this request: as it is when the client came
     * through a door that adds the prefix itself, below the prefix when it called the prefixed path directly.
     */
    static URI link(HttpServletRequest request, Door door, String path) {
        return URI.create(Door.marked(request) == door ? path : door.prefix() + path);
    }
}
