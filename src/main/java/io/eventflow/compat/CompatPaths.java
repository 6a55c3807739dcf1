package io.eventflow.compat;

/** Where the old APIs' routes live in EventFlow's own URL space. */
final class CompatPaths {

    /**
     * On the main port the old routes answer below this prefix ({@code /api/compat/events/get?id=1}), for deployments
     * with one proxy in front; on the compatibility port {@link CompatPortRouting} adds it to every request, so clients
     * see the old paths unchanged. Under {@code /api/} it shares the API's stateless security and rate limits.
     */
    static final String PREFIX = "/api/compat";

    private CompatPaths() {
    }
}
