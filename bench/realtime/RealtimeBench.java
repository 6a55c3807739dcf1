/*
 * Real-time fan-out benchmark (see bench/README.md): N WebSocket clients watch one event; the event is
 * updated through the REST API and the time until every client has the event_updated frame is measured,
 * on one node and on two nodes relaying through Redis. Also: connections opened per second and the
 * server's resident memory per connection. Reference in the same run: Redis's own PUBLISH round trip.
 *
 * Run through run.sh (it picks the JDK, raises the file limit and builds the jar):
 *   bench/realtime/run.sh [--clients 10000] [--updates 5]
 * A single-file Java program (JDK only), started with `java RealtimeBench.java`.
 */
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class RealtimeBench {

    static final String SECRET = "bench-realtime-secret-" + "y".repeat(40);
    static final String DB = "eventflow_bench_realtime";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int CORES = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
        int clients = intArg(args, "--clients", 10_000);
        int updates = intArg(args, "--updates", 5);
        String jar = stringArg(args, "--jar", null);
        String java = ProcessHandle.current().info().command().orElse("java");
        psql("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        psql("postgres", "CREATE DATABASE " + DB);
        String prefix = "bench-realtime-" + UUID.randomUUID() + ":";

        System.out.printf("== Reference: Redis PUBLISH round trip (redis-benchmark, 50 clients)%n");
        System.out.println("   " + redisPublishRate());

        int warmup = clients;
        Result one;
        try (Node node = Node.start(java, jar, 18101, prefix)) {
            warmUp(List.of(node), warmup);
            one = scenario("1 node (Redis relay)", List.of(node), clients, updates, true);
        }
        List<Result> results = new ArrayList<>(List.of(one));
        List<String> chat = List.of();
        // --nodes 1: the one-node fan-out alone, for quick comparisons while working on it
        if (intArg(args, "--nodes", 2) > 1) try (Node a = Node.start(java, jar, 18102, prefix); Node b = Node.start(java, jar, 18103, prefix)) {
            warmUp(List.of(a, b), warmup);
            results.add(scenario("2 nodes through Redis", List.of(a, b), clients, updates, false));
            chat = chat(List.of(a, b), intArg(args, "--rooms", 100), intArg(args, "--members", 100));
        }
        System.out.printf("%n== Results: %d clients, medians of %d updates%n", clients, updates);
        System.out.printf("%-24s %10s %8s %8s %8s %11s %9s %10s %12s%n", "scenario", "connect/s", "p50 ms", "p99 ms", "max ms",
                "CPU floor", "received", "KB/conn", "targets");
        for (Result r : results) {
            String targets = "p99<=100:" + (r.p99 <= 100 ? "ok" : "MISSED") + " max<=150:" + (r.max <= 150 ? "ok" : "MISSED")
                    + " lost=0:" + (r.lost == 0 ? "ok" : "MISSED") + " connect>=2500/s:" + (r.connectRate >= 2500 ? "ok" : "MISSED")
                    + (r.kbPerConnection > 0 ? " <=50KB:" + (r.kbPerConnection <= 50 ? "ok" : "MISSED") : "");
            System.out.printf("%-24s %10.0f %8.1f %8.1f %8.1f %11.1f %9s %10s  %s%n", r.name, r.connectRate, r.p50, r.p99, r.max, r.cpuFloor,
                    (clients - r.lost) + "/" + clients, r.kbPerConnection > 0 ? String.format("%.1f", r.kbPerConnection) : "-", targets);
        }
        System.out.println();
        chat.forEach(System.out::println);
    }

    /**
     * The JIT compiles what runs often: without this, the five measured updates would run the update request
     * and the fan-out half interpreted (a cold PATCH took 30-50 ms). Updates without watchers, then a smaller
     * fleet and twenty updates; all discarded.
     */
    static void warmUp(List<Node> nodes, int clients) throws Exception {
        System.out.printf("%n== Warm-up (discarded): 300 updates without watchers, then %d clients and 20 updates%n", clients);
        String organizer = token(UUID.randomUUID(), "organizer");
        for (Node node : nodes) {
            String eventId = node.createEvent(organizer);
            for (int i = 0; i < 300; i++) {
                node.rename(organizer, eventId, "warm-" + i);
            }
        }
        String eventId = nodes.get(0).createEvent(organizer);
        Fleet fleet = new Fleet(clients, 20);
        fleet.connect(nodes, "/ws/events/" + eventId);
        fleet.subscribed.await(60, TimeUnit.SECONDS);
        for (int round = 0; round < 20; round++) {
            nodes.get(round % nodes.size()).rename(organizer, eventId, "round-" + round);
            fleet.done[round].await(10, TimeUnit.SECONDS);
        }
        fleet.close();
    }

    /**
     * Rooms x members on two nodes (members alternate between them): the members book the event through the
     * API (the chat is for the organizer and confirmed attendees), connect and join; then messages are sent at
     * rising rates, each stamped with its send time, and every member's receipt is timed. A step is sustained
     * while its p99 stays within 100 ms.
     */
    static List<String> chat(List<Node> nodes, int rooms, int members) throws Exception {
        System.out.printf("%n== Chat: %d rooms x %d members on %d nodes%n", rooms, members, nodes.size());
        String organizer = token(UUID.randomUUID(), "organizer");
        List<String> roomIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        java.util.concurrent.ExecutorService setup = java.util.concurrent.Executors.newFixedThreadPool(32);
        List<java.util.concurrent.Future<?>> bookings = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String eventId = nodes.get(0).createEvent(organizer);
            roomIds.add(eventId);
            for (int m = 0; m < members; m++) {
                String member = token(UUID.randomUUID(), "attendee");
                tokens.add(member);
                bookings.add(setup.submit(() -> {
                    nodes.get(0).send("POST", "/api/v1/events/" + eventId + "/bookings", member, "", 201);
                    return null;
                }));
            }
        }
        for (var booking : bookings) {
            booking.get();
        }
        setup.shutdown();
        int size = rooms * members;
        Fleet fleet = new Fleet(size, 0);
        fleet.connect(nodes, i -> "/ws/chat/" + roomIds.get(i / members) + "?token=" + tokens.get(i),
                i -> "{\"type\":\"join_chat\"}");
        fleet.subscribed.await(60, TimeUnit.SECONDS); // recent_messages came back: joined
        System.out.printf("   %d members booked, connected and joined%n", size);

        List<String> lines = new ArrayList<>();
        lines.add(String.format("Chat, %d rooms x %d members, 2 nodes: %-12s %14s %8s %8s %8s", rooms, members, "messages/s",
                "deliveries/s", "p50 ms", "p99 ms", "max ms"));
        java.util.Random random = new java.util.Random(7);
        for (int rate : new int[] {50, 100, 200, 400, 800}) {
            for (int i = 0; i < fleet.chatLatency.length(); i++) {
                fleet.chatLatency.set(i, 0);
            }
            long start = System.nanoTime();
            long seconds = 5;
            long messages = rate * seconds;
            for (long k = 0; k < messages; k++) {
                long due = start + k * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                Fleet.Peer sender = fleet.peers.get(random.nextInt(size));
                sender.sendText("{\"type\":\"send_message\",\"data\":{\"text\":\"sent=" + System.nanoTime() + "\"}}");
            }
            Thread.sleep(2000); // the last deliveries
            long[] counts = new long[fleet.chatLatency.length()];
            long delivered = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = fleet.chatLatency.get(i);
                delivered += counts[i];
            }
            String line = String.format("%52d %14.0f %8d %8d %8d%s", rate, delivered / (double) seconds,
                    percentileOf(counts, delivered, 50), percentileOf(counts, delivered, 99), percentileOf(counts, delivered, 100),
                    delivered < messages * members ? "  (" + (messages * members - delivered) + " not delivered)" : "");
            lines.add(line);
            System.out.println("   " + line.strip());
        }
        fleet.close();
        return lines;
    }

    static int percentileOf(long[] counts, long total, double p) {
        long wanted = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted && wanted > 0) {
                return i;
            }
        }
        return counts.length - 1;
    }

    record Result(String name, double connectRate, double p50, double p99, double max, int lost, double kbPerConnection,
            double cpuFloor) {
    }

    static Result scenario(String name, List<Node> nodes, int clients, int updates, boolean measureMemory) throws Exception {
        System.out.printf("%n== %s: %d clients%n", name, clients);
        String organizer = token(UUID.randomUUID(), "organizer");
        String eventId = nodes.get(0).createEvent(organizer);
        long[] before = measureMemory ? nodes.get(0).memoryAfterGc() : null;

        Fleet fleet = new Fleet(clients, updates);
        long[] serverBefore = cpuSplitMillis(nodes);
        long clientBefore = cpuMillis(ProcessHandle.current().pid());
        long start = System.nanoTime();
        fleet.connect(nodes, "/ws/events/" + eventId);
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        if (!fleet.subscribed.await(60, TimeUnit.SECONDS)) {
            System.out.printf("   only %d of %d clients got their first frame%n", clients - fleet.subscribed.getCount(), clients);
        }
        long[] serverAfter = cpuSplitMillis(nodes);
        long connectClientCpu = cpuMillis(ProcessHandle.current().pid()) - clientBefore;
        double connectRate = clients / connectSeconds;
        System.out.printf("   %d connections in %.2f s = %.0f/s; CPU per connection: server %.0f µs (kernel %.0f), clients %.0f µs%n",
                clients, connectSeconds, connectRate, (serverAfter[0] + serverAfter[1] - serverBefore[0] - serverBefore[1]) * 1000.0 / clients,
                (serverAfter[1] - serverBefore[1]) * 1000.0 / clients, connectClientCpu * 1000.0 / clients);
        double kb = 0;
        if (measureMemory) {
            long[] after = nodes.get(0).memoryAfterGc();
            double heapKb = (after[1] - before[1]) / 1024.0 / clients;
            double nativeKb = (after[0] - before[0]) / 1024.0 / clients;
            kb = heapKb + nativeKb;
            System.out.printf("   server after GC: live heap %d MB -> %d MB, resident %d MB -> %d MB: %.1f KB heap + %.1f KB outside"
                    + " the heap = %.1f KB per connection%n", before[1] >> 20, after[1] >> 20, before[0] >> 20, after[0] >> 20,
                    heapKb, nativeKb, kb);
        }

        // the update request alone, while the clients are connected: an event nobody watches
        String quiet = nodes.get(0).createEvent(organizer);
        double[] alone = new double[20];
        for (int i = 0; i < alone.length; i++) {
            long begin = System.nanoTime();
            nodes.get(0).rename(organizer, quiet, "quiet-" + i);
            alone[i] = (System.nanoTime() - begin) / 1e6;
        }
        Arrays.sort(alone);
        System.out.printf("   an update of an event nobody watches (%d connected): median %.1f ms, fastest %.1f ms%n", clients,
                percentile(alone, 50), alone[0]);

        double[] p50 = new double[updates], p99 = new double[updates], max = new double[updates], floor = new double[updates];
        int lost = 0;
        for (int round = 0; round < updates; round++) {
            Thread.sleep(1000);
            long serverCpu = nodes.stream().mapToLong(n -> cpuMillis(n.process.pid())).sum();
            long serverKernel = nodes.stream().mapToLong(n -> cpuSplitMillis(n.process.pid())[1]).sum();
            long clientCpu = cpuMillis(ProcessHandle.current().pid());
            long sent = System.nanoTime();
            nodes.get(0).rename(organizer, eventId, "round-" + round);
            double patchMillis = (System.nanoTime() - sent) / 1e6;
            fleet.done[round].await(10, TimeUnit.SECONDS);
            serverCpu = nodes.stream().mapToLong(n -> cpuMillis(n.process.pid())).sum() - serverCpu;
            serverKernel = nodes.stream().mapToLong(n -> cpuSplitMillis(n.process.pid())[1]).sum() - serverKernel;
            clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpu;
            long[] arrivals = fleet.arrivals[round];
            double[] ms = Arrays.stream(arrivals).filter(t -> t > 0).mapToDouble(t -> (t - sent) / 1e6).sorted().toArray();
            int missing = clients - ms.length;
            lost = Math.max(lost, missing);
            p50[round] = percentile(ms, 50);
            p99[round] = percentile(ms, 99);
            max[round] = ms.length == 0 ? Double.NaN : ms[ms.length - 1];
            // no client can be reached before the cores have done the work: the last client's lower bound on this machine
            floor[round] = (serverCpu + clientCpu) / (double) CORES;
            System.out.printf("   update %d: PATCH answered in %.1f ms; first client %.1f ms, p50 %.1f ms, p99 %.1f ms,"
                    + " last client %.1f ms, %d missing; CPU: server %d ms (kernel %d), clients %d ms: floor %.0f ms on %d cores%n",
                    round + 1, patchMillis, ms.length == 0 ? Double.NaN : ms[0], p50[round], p99[round], max[round], missing,
                    serverCpu, serverKernel, clientCpu, floor[round], CORES);
        }
        fleet.close();
        return new Result(name, connectRate, median(p50), median(p99), median(max), lost, kb, median(floor));
    }

    /**
     * The clients: plain non-blocking sockets speaking just enough WebSocket (RFC 6455) to subscribe and read
     * frames, on one selector thread per core. A full client library (the JDK's) spent more CPU per frame than
     * the server did to send it, so on a shared machine the figures mostly measured the clients.
     */
    static final class Fleet {
        static final byte[] MARKER = "\"title\":\"round-".getBytes(StandardCharsets.US_ASCII);
        static final byte[] SENT_AT = "sent=".getBytes(StandardCharsets.US_ASCII);
        static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        final int size;
        final long[][] arrivals;
        final CountDownLatch subscribed;
        final CountDownLatch[] done;
        final List<Loop> loops = new ArrayList<>();
        final List<SocketChannel> channels = new ArrayList<>();
        volatile boolean running = true;

        Fleet(int size, int rounds) {
            this.size = size;
            this.arrivals = new long[rounds][size];
            this.subscribed = new CountDownLatch(size);
            this.done = new CountDownLatch[rounds];
            for (int i = 0; i < rounds; i++) {
                done[i] = new CountDownLatch(size);
            }
        }

        /** Opens all connections, at most 512 handshakes in flight; returns once each is upgraded. */
        void connect(List<Node> nodes, String path) throws Exception {
            connect(nodes, i -> path, i -> null);
        }

        /** Each client its own path (token, room) and a frame to send once upgraded (e.g. join_chat). */
        void connect(List<Node> nodes, java.util.function.IntFunction<String> pathOf,
                java.util.function.IntFunction<String> firstFrame) throws Exception {
            Semaphore handshakes = new Semaphore(512);
            CountDownLatch upgraded = new CountDownLatch(size);
            for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
                loops.add(new Loop(t, handshakes, upgraded));
            }
            for (int i = 0; i < size; i++) {
                handshakes.acquire();
                Node node = nodes.get(i % nodes.size());
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new java.net.InetSocketAddress("127.0.0.1", node.port));
                channels.add(channel);
                String path = pathOf.apply(i);
                String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: ZXZlbnRmbG93LWJlbmNoIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
                Peer peer = new Peer(i, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)), channel);
                peer.firstFrame = firstFrame.apply(i);
                peers.add(peer);
                loops.get(i % loops.size()).add(channel, peer);
            }
            if (!upgraded.await(120, TimeUnit.SECONDS)) {
                System.out.printf("   only %d of %d connections upgraded%n", size - upgraded.getCount(), size);
            }
        }

        final List<Peer> peers = new ArrayList<>();
        /** Chat latencies in milliseconds (index), counted by the loop threads. */
        final java.util.concurrent.atomic.AtomicLongArray chatLatency = new java.util.concurrent.atomic.AtomicLongArray(10_001);

        static final class Peer {
            final int index;
            final ByteBuffer out;
            final SocketChannel channel;
            final ByteBuffer in = ByteBuffer.allocate(32 * 1024);
            String firstFrame;
            boolean open;
            boolean first = true;

            Peer(int index, ByteBuffer out, SocketChannel channel) {
                this.index = index;
                this.out = out;
                this.channel = channel;
            }

            /** A masked text frame (clients must mask), written whole; the socket buffer has room for these. */
            synchronized void sendText(String text) throws IOException {
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
                frame.put((byte) 0x81);
                if (payload.length < 126) {
                    frame.put((byte) (0x80 | payload.length));
                } else {
                    frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
                }
                frame.putInt(0); // mask key 0: the payload goes as is
                frame.put(payload).flip();
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            }
        }

        /** One selector and its thread. */
        final class Loop {
            final Selector selector;
            final java.util.concurrent.ConcurrentLinkedQueue<Object[]> joining = new java.util.concurrent.ConcurrentLinkedQueue<>();
            final Thread thread;
            final Semaphore handshakes;
            final CountDownLatch upgraded;

            Loop(int number, Semaphore handshakes, CountDownLatch upgraded) throws IOException {
                this.selector = Selector.open();
                this.handshakes = handshakes;
                this.upgraded = upgraded;
                this.thread = Thread.ofPlatform().daemon().name("fleet-" + number).start(this::run);
            }

            void add(SocketChannel channel, Peer peer) {
                joining.add(new Object[] {channel, peer});
                selector.wakeup();
            }

            private void run() {
                try {
                    while (running) {
                        selector.select(100);
                        for (Object[] join; (join = joining.poll()) != null; ) {
                            ((SocketChannel) join[0]).register(selector, SelectionKey.OP_CONNECT, join[1]);
                        }
                        for (var keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                            SelectionKey key = keys.next();
                            keys.remove();
                            try {
                                handle(key, (SocketChannel) key.channel(), (Peer) key.attachment());
                            } catch (IOException e) {
                                key.cancel();
                                key.channel().close();
                            }
                        }
                    }
                    selector.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            private void handle(SelectionKey key, SocketChannel channel, Peer peer) throws IOException {
                if (key.isConnectable() && channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    channel.write(peer.out);
                    if (!peer.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    long now = System.nanoTime();
                    if (channel.read(peer.in) < 0) {
                        key.cancel();
                        channel.close();
                        return;
                    }
                    peer.in.flip();
                    if (!peer.open) {
                        int end = indexOf(peer.in, HEADERS_END, peer.in.position(), peer.in.limit());
                        if (end < 0) {
                            peer.in.compact();
                            return;
                        }
                        peer.open = true;
                        peer.in.position(end + HEADERS_END.length);
                        handshakes.release();
                        upgraded.countDown();
                        if (peer.firstFrame != null) {
                            peer.sendText(peer.firstFrame);
                        }
                    }
                    frames(channel, peer, now);
                    peer.in.compact();
                }
            }
        }

        /** Reads the complete frames in the buffer; leaves a partial one for the next read. */
        private void frames(SocketChannel channel, Peer peer, long now) throws IOException {
            ByteBuffer in = peer.in;
            while (in.remaining() >= 2) {
                int start = in.position();
                int opcode = in.get(start) & 0x0F;
                int length = in.get(start + 1) & 0x7F;
                int header = 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = ((in.get(start + 2) & 0xFF) << 8) | (in.get(start + 3) & 0xFF);
                    header = 4;
                } else if (length == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    length = (int) in.getLong(start + 2);
                    header = 10;
                }
                if (in.remaining() < header + length) {
                    return;
                }
                int payload = start + header;
                if (opcode == 1) {
                    if (peer.first) {
                        peer.first = false;
                        subscribed.countDown();
                    }
                    int sent = indexOf(in, SENT_AT, payload, payload + length);
                    if (sent >= 0) { // a chat message: "sent=<nanoTime>"
                        long at = 0;
                        for (int i = sent + SENT_AT.length; in.get(i) >= '0' && in.get(i) <= '9'; i++) {
                            at = at * 10 + (in.get(i) - '0');
                        }
                        chatLatency.incrementAndGet((int) Math.min(10_000, (now - at) / 1_000_000));
                    }
                    int marker = indexOf(in, MARKER, payload, payload + length);
                    if (marker >= 0) {
                        int round = 0;
                        for (int i = marker + MARKER.length; in.get(i) >= '0' && in.get(i) <= '9'; i++) {
                            round = round * 10 + (in.get(i) - '0');
                        }
                        if (round < arrivals.length && arrivals[round][peer.index] == 0) {
                            arrivals[round][peer.index] = now;
                            done[round].countDown();
                        }
                    }
                } else if (opcode == 9) { // ping: answer with an empty pong (client frames are masked)
                    synchronized (peer) {
                        channel.write(ByteBuffer.wrap(new byte[] {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0}));
                    }
                }
                in.position(payload + length);
            }
        }

        static int indexOf(ByteBuffer buffer, byte[] pattern, int from, int to) {
            outer:
            for (int i = from; i <= to - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (buffer.get(i + j) != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        void close() throws Exception {
            running = false;
            for (Loop loop : loops) {
                loop.selector.wakeup();
                loop.thread.join(2000);
            }
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
    }

    /** One EventFlow process. */
    static final class Node implements AutoCloseable {
        final Process process;
        final int port;

        private Node(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Node start(String java, String jar, int port, String redisPrefix) throws Exception {
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "eventflow-bench-realtime-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"));
            String extra = System.getenv("EVENTFLOW_BENCH_JVM_OPTS"); // e.g. a flight recording
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.replace("{port}", Integer.toString(port)).trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar, "--server.port=" + port,
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + DB,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.data.redis.host=127.0.0.1", "--eventflow.redis.key-prefix=" + redisPrefix,
                    "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                    "--eventflow.identity.jwt.secret=" + SECRET,
                    // 10,000 clients: past Tomcat's default of 8,192 connections (run.sh raises the fd limit too)
                    "--server.tomcat.max-connections=20000", "--server.tomcat.accept-count=2000",
                    "--logging.level.root=WARN"));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Node node = new Node(process, port);
            for (int i = 0; i < 120; i++) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return node;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("EventFlow did not start; see " + log);
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        String createEvent(String token) throws Exception {
            String start = java.time.Instant.now().plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            String end = java.time.Instant.parse(start).plus(Duration.ofHours(3)).toString();
            String body = "{\"title\":\"Fan-out\",\"description\":\"benchmark\",\"category\":\"concert\",\"start_time\":\"" + start
                    + "\",\"end_time\":\"" + end + "\",\"location\":\"Tel Aviv\",\"latitude\":32.08,\"longitude\":34.78,\"capacity\":100000}";
            String answer = send("POST", "/api/v1/events", token, body, 201);
            int at = answer.indexOf("\"id\":\"") + 6;
            return answer.substring(at, answer.indexOf('"', at));
        }

        void rename(String token, String eventId, String title) throws Exception {
            send("PATCH", "/api/v1/events/" + eventId, token, "{\"title\":\"" + title + "\"}", 200);
        }

        String send(String method, String path, String token, String body, int expected) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        /**
         * After a full GC: the process's resident memory and the live Java heap, in bytes. The heap is touched up
         * front (AlwaysPreTouch), so resident memory grows only outside the heap and the two add up.
         */
        long[] memoryAfterGc() throws Exception {
            String jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Process info = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
            String heapInfo = new String(info.getInputStream().readAllBytes());
            info.waitFor();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heapInfo);
            long heap = used.find() ? Long.parseLong(used.group(1)) * 1024 : 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return new long[] {rss, heap};
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    static String redisPublishRate() throws Exception {
        Process p = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-q", "-n", "200000", "-c", "50",
                "PUBLISH", "bench-realtime-reference", "{\"type\":\"event_updated\",\"data\":{}}").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        String[] lines = out.split("\r|\n");
        return lines[lines.length - 1].trim();
    }

    static String token(UUID userId, String role) throws Exception {
        long now = System.currentTimeMillis();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"eventflow\",\"sub\":\"" + userId + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":"
                + now / 1000 + ",\"exp\":" + (now / 1000 + 3600) + ",\"iat_ms\":" + now + ",\"role\":\"" + role
                + "\",\"preferred_username\":\"bench-" + userId.toString().substring(0, 8) + "\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
        return header + "." + payload + "." + signature;
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static void psql(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-c", sql)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + sql);
        }
    }

    /** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) {
        long[] split = cpuSplitMillis(pid);
        return split[0] + split[1];
    }

    /** User and kernel CPU of the nodes together so far, in ms. */
    static long[] cpuSplitMillis(List<Node> nodes) {
        long[] sum = new long[2];
        for (Node node : nodes) {
            long[] one = cpuSplitMillis(node.process.pid());
            sum[0] += one[0];
            sum[1] += one[1];
        }
        return sum;
    }

    /** User and kernel CPU of a process so far, in ms (clock ticks of 10 ms). */
    static long[] cpuSplitMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]) * 10, Long.parseLong(fields[12]) * 10};
        } catch (IOException e) {
            return new long[2];
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
