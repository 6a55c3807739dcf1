package io.eventflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in the test JVM in front of a shared server (Redis, the S3 server), so that a test can take that server
 * away from one node — {@link #cut()} closes every connection and resets new ones, {@link #restore()} relays them
 * again; {@link #cutAfterUpstreamBytes} does so in the middle of a request; {@link #stall()} holds every byte until
 * {@link #resume()}, a server that has stopped answering — without stopping the server every other test uses.
 *
 * <p>The listening socket stays bound from construction to {@link #close()}: while cut, a connection is accepted and
 * reset at once. Closing and binding the same port again on restore failed in CI whenever the port had meanwhile become
 * the local end of some other connection.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private final Object stallLock = new Object();
    private boolean stalled;
    /** Bytes still to relay towards the server before everything is cut; negative: no limit. */
    private final AtomicLong upstreamBudget = new AtomicLong(-1);

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listenOnAnyPort();
        accept();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every relayed connection; a new one is reset as soon as it is accepted, until {@link #restore()}. */
    public void cut() {
        down = true;
        open.forEach(TcpProxy::reset);
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

    public void restore() {
        upstreamBudget.set(-1);
        resume();
        down = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private static ServerSocket listenOnAnyPort() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on a loopback port", e);
        }
    }

    private void accept() {
        Thread.ofVirtual().name("tcp-proxy-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (down) {
                        reset(client);
                        continue;
                    }
                    open.add(client);
                    Socket target = new Socket(targetHost, targetPort);
                    open.add(target);
                    if (down) { // cut while this one was being connected
                        reset(client);
                        reset(target);
                        continue;
                    }
                    pump(client, target, true);
                    pump(target, client, false);
                } catch (IOException closed) {
                    // closed, or the target refused: the client sees its connection end
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

    /** Ends the connection with a reset, as a server that has gone away would, rather than an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
