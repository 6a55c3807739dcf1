package io.eventflow.realtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Pings every connection so idle ones survive proxies' read timeouts (and dead ones are found), closes those whose
 * access token expired, and on
 * shutdown closes them all with 1012 "service restart" before the web server stops, so clients reconnect to
 * another node instead of seeing an abnormal closure.
 */
@Component
class ConnectionKeeper implements SmartLifecycle {

    private final Connections connections;
    private final RealtimeProperties properties;
    private final AccessRevocations revocations;
    private @Nullable ScheduledExecutorService heartbeat;

    ConnectionKeeper(Connections connections, RealtimeProperties properties, AccessRevocations revocations) {
        this.connections = connections;
        this.properties = properties;
        this.revocations = revocations;
    }

    @Override
    public synchronized void start() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("websocket-heartbeat").daemon().factory());
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(() -> {
            connections.pingAll();
            revocations.closeExpired();
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
        connections.closeAll(CloseStatus.SERVICE_RESTARTED);
    }

    @Override
    public synchronized boolean isRunning() {
        return heartbeat != null;
    }

    /** Stopped in the first group, before the web server's graceful shutdown waits for requests. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
