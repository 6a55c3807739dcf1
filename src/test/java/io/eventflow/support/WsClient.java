package io.eventflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) for full-stack tests: frames arrive over a socket from Tomcat,
 * as a browser's would. Received frames queue up; {@link #next(String)} waits for the next one of a type.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public record Closed(int code, String reason) {
    }

    /** Connects to {@code path} (e.g. {@code /ws/events}) on the node behind {@code api}. */
    public static WsClient connect(Api api, String path) {
        return connect(api, path, Map.of());
    }

    /** Connects with extra handshake headers, e.g. the web UI's session cookie. */
    public static WsClient connect(Api api, String path, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create(api.base().replaceFirst("^http", "ws") + path), client).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(1006, error.toString()));
    }

    public void send(String type, Object data) {
        sendRaw(Api.json(Map.of("type", type, "data", data)));
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame of this type, skipping others (kept for {@link #received}); fails after {@link #WAIT}. */
    public JsonNode next(String type) {
        return next(type, data -> true);
    }

    /** The next frame of this type whose data matches, skipping others. */
    public JsonNode next(String type, java.util.function.Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode frame;
            try {
                frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (frame == null) {
                throw new AssertionError("No '" + type + "' frame within " + WAIT + "; received " + seen);
            }
            seen.add(frame);
            if (type.equals(frame.get("type").asString()) && matching.test(frame.get("data"))) {
                return frame.get("data");
            }
        }
    }

    /** Frames of a type that arrive within the given time (for asserting that something does not come). */
    public List<JsonNode> collect(String type, Duration within) {
        List<JsonNode> matching = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null) {
                    seen.add(frame);
                    if (type.equals(frame.get("type").asString())) {
                        matching.add(frame.get("data"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return matching;
    }

    public List<JsonNode> received() {
        return List.copyOf(seen);
    }

    public Closed awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Open means: a ping still gets its pong. */
    public void assertOpen() {
        assertThat(closed).isNotDone();
        send("ping", Map.of());
        next("pong");
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
