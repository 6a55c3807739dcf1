package io.eventflow.realtime;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Writes {@link EncodedText} bytes as a text frame through Tomcat's own framing, skipping what the standard
 * {@code sendText(String)} adds per connection: encoding the same string to UTF-8 again (a character at a
 * time, 14 % of a 10,000-connection fan-out's CPU in a profile) and looking the send timeout up in the
 * session's properties (another 11 %: a cache miss per connection; the configured timeout is passed directly). The
 * framing, Tomcat's one-message-at-a-time lock and the blocking write with its timeout are Tomcat's as before.
 * <p>
 * This reaches into Tomcat's internals ({@code WsSession.wsRemoteEndpoint} and the package-private
 * {@code sendMessageBlock}); if a Tomcat version changes them, {@link #of} returns null and connections use the
 * standard API ({@code RealtimeProtocolIT.framesGoOutThroughTomcatsOwnFraming} fails first, so an upgrade
 * cannot lose this silently).
 */
final class TomcatFrames {

    private static final Logger log = LoggerFactory.getLogger(TomcatFrames.class);
    private static final byte OPCODE_TEXT = 0x1;

    /** Tomcat's WsSession class; null where unavailable. */
    private static final @Nullable Class<?> SESSION;
    /** WsSession to its WsRemoteEndpointImplBase. */
    private static final @Nullable MethodHandle REMOTE;
    /** (WsRemoteEndpointImplBase, opcode, payload, last, timeout in ms). */
    private static final @Nullable MethodHandle SEND;

    static {
        Class<?> session = null;
        MethodHandle remote = null;
        MethodHandle send = null;
        try {
            session = Class.forName("org.apache.tomcat.websocket.WsSession");
            Class<?> endpoint = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase");
            remote = MethodHandles.privateLookupIn(session, MethodHandles.lookup()).findGetter(session, "wsRemoteEndpoint", endpoint)
                    .asType(MethodType.methodType(Object.class, Object.class));
            send = MethodHandles.privateLookupIn(endpoint, MethodHandles.lookup())
                    .findVirtual(endpoint, "sendMessageBlock",
                            MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class, long.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class, boolean.class, long.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("Fan-out uses the standard WebSocket API: Tomcat's internal frame writer is not available ({})", e.toString());
            session = null;
        }
        SESSION = session;
        REMOTE = remote;
        SEND = send;
    }

    private final Object endpoint;
    private final long timeoutMillis;

    private TomcatFrames(Object endpoint, long timeoutMillis) {
        this.endpoint = endpoint;
        this.timeoutMillis = timeoutMillis;
    }

    /** The writer for this session, or null if it is not a Tomcat session or Tomcat's internals differ. */
    static @Nullable TomcatFrames of(WebSocketSession session, long timeoutMillis) {
        // all three or none: SESSION stays null if either handle could not be found
        if (SESSION == null || REMOTE == null || SEND == null
                || !(session instanceof NativeWebSocketSession nativeSession)) {
            return null;
        }
        Object tomcatSession = nativeSession.getNativeSession();
        if (!SESSION.isInstance(tomcatSession)) {
            return null;
        }
        try {
            Object endpoint = REMOTE.invokeExact(tomcatSession);
            return endpoint != null ? new TomcatFrames(endpoint, timeoutMillis) : null;
        } catch (Throwable e) {
            return null;
        }
    }

    void sendText(ByteBuffer utf8) throws IOException {
        try {
            // an instance exists only where of() found SEND
            Objects.requireNonNull(SEND, "Tomcat's frame writer")
                    .invokeExact(endpoint, OPCODE_TEXT, utf8, true, timeoutMillis);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }
}
