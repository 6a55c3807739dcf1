package io.eventflow.realtime;

/** Every frame either way: {@code {"type": "...", "data": {...}}}. */
record Envelope(String type, Object data) {

    static Envelope error(String message) {
        return new Envelope("error", java.util.Map.of("message", message));
    }
}
