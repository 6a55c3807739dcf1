package io.eventflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP relay in the test JVM in front of a shared server (Redis, the S3 server), so that a test can take that server
 * away from one node — {@link #cut()} closes every connection and refuses new ones, {@link #restore()} accepts them
 * again on the same port; {@link #cutAfterUpstreamBytes} does so in the middle of a request; {@link #stall()} holds
 * every byte until {@link #resume()}, a server that has stopped answering — without stopping the server every other
 * test uses.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private final Object stallLock = new Object();
    private boolean stalled;
    /** Bytes still to relay towards the server before everything is cut; negative: no limit. */
    private final java.util.concurrent.atomic.AtomicLong upstreamBudget = new java.util.concurrent.atomic.AtomicLong(-1);

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listenOutsideTheEphemeralRange();
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Closes every relayed connection and the listening socket: connecting is refused until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(server);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Relays {@code bytes} more towards the server, then cuts as {@link #cut()} does (a server gone mid-request). */
    public void cutAfterUpstreamBytes(long bytes) {
        upstreamBudget.set(bytes);
    }

    /** Holds every byte in both directions until {@link #resume()}: a server that accepts but no longer answers. */
    public void stall() {
        synchronized (stallLock) {
            stalled = true;
        }
    }

    public void resume() {
        synchronized (stallLock) {
            stalled = false;
            stallLock.notifyAll();
        }
    }

    public synchronized void restore() {
        upstreamBudget.set(-1);
        resume();
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public void close() {
        cut();
    }

    /**
     * A port the kernel never hands to an outgoing connection: after {@link #cut()} the same port must be free again
     * for {@link #restore()}, and a port from the ephemeral range (what binding port 0 gives) can meanwhile become the
     * local end of some client's connection to another server, which makes the bind fail (seen in CI).
     */
    private static ServerSocket listenOutsideTheEphemeralRange() {
        int firstEphemeral = firstEphemeralPort();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, Math.max(10_001, firstEphemeral));
            try {
                return listen(port);
            } catch (IllegalStateException taken) {
                last = taken;
            }
        }
        throw last != null ? last : new IllegalStateException("no free port below " + firstEphemeral);
    }

    private static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32_768; // Linux's default
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().name("tcp-proxy-accept").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    open.add(client);
                    Socket target = new Socket(targetHost, targetPort);
                    open.add(target);
                    if (listening.isClosed()) { // cut while this one was being connected
                        closeQuietly(client);
                        closeQuietly(target);
                        continue;
                    }
                    pump(client, target, true);
                    pump(target, client, false);
                } catch (IOException closed) {
                    // cut, or the target refused: the client sees its connection end
                }
            }
        });
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitUnstalled();
                    int relayed = upstream ? withinBudget(read) : read;
                    out.write(buffer, 0, relayed);
                    out.flush();
                    if (relayed < read) {
                        cut();
                        return;
                    }
                }
            } catch (IOException closed) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private void awaitUnstalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled) {
                stallLock.wait();
            }
        }
    }

    /** How much of {@code read} bytes may still go towards the server. */
    private int withinBudget(int read) {
        long left = upstreamBudget.getAndUpdate(budget -> budget < 0 ? budget : Math.max(0, budget - read));
        return left < 0 ? read : (int) Math.min(read, left);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
