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
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class RealtimeBench {

    static final String SECRET = "bench-realtime-secret-" + "y".repeat(40);
    static final String DB = "eventflow_bench_realtime";
    static final HttpClient HTTP = HttpClient.newHttpClient();

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

        int warmup = Math.max(500, clients / 4);
        Result one;
        try (Node node = Node.start(java, jar, 18101, prefix)) {
            scenario("warm-up, discarded", List.of(node), warmup, 5, false);
            one = scenario("1 node (Redis relay)", List.of(node), clients, updates, true);
        }
        Result two;
        try (Node a = Node.start(java, jar, 18102, prefix); Node b = Node.start(java, jar, 18103, prefix)) {
            scenario("warm-up, discarded", List.of(a, b), warmup, 5, false);
            two = scenario("2 nodes through Redis", List.of(a, b), clients, updates, false);
        }
        System.out.printf("%n== Results: %d clients, medians of %d updates%n", clients, updates);
        System.out.printf("%-24s %10s %8s %8s %8s %9s %10s %12s%n", "scenario", "connect/s", "p50 ms", "p99 ms", "max ms",
                "received", "KB/conn", "targets");
        for (Result r : List.of(one, two)) {
            String targets = "p99<=100:" + (r.p99 <= 100 ? "ok" : "MISSED") + " max<=150:" + (r.max <= 150 ? "ok" : "MISSED")
                    + " lost=0:" + (r.lost == 0 ? "ok" : "MISSED") + " connect>=2500/s:" + (r.connectRate >= 2500 ? "ok" : "MISSED")
                    + (r.kbPerConnection > 0 ? " <=50KB:" + (r.kbPerConnection <= 50 ? "ok" : "MISSED") : "");
            System.out.printf("%-24s %10.0f %8.1f %8.1f %8.1f %9s %10s  %s%n", r.name, r.connectRate, r.p50, r.p99, r.max,
                    (clients - r.lost) + "/" + clients, r.kbPerConnection > 0 ? String.format("%.1f", r.kbPerConnection) : "-", targets);
        }
    }

    record Result(String name, double connectRate, double p50, double p99, double max, int lost, double kbPerConnection) {
    }

    static Result scenario(String name, List<Node> nodes, int clients, int updates, boolean measureMemory) throws Exception {
        System.out.printf("%n== %s: %d clients%n", name, clients);
        String organizer = token(UUID.randomUUID(), "organizer");
        String eventId = nodes.get(0).createEvent(organizer);
        long rssBefore = measureMemory ? nodes.get(0).rssAfterGc() : 0;

        Fleet fleet = new Fleet(clients, updates);
        long start = System.nanoTime();
        fleet.connect(nodes, "/ws/events/" + eventId);
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        if (!fleet.subscribed.await(60, TimeUnit.SECONDS)) {
            System.out.printf("   only %d of %d clients got their first frame%n", clients - fleet.subscribed.getCount(), clients);
        }
        double connectRate = clients / connectSeconds;
        System.out.printf("   %d connections in %.2f s = %.0f/s%n", clients, connectSeconds, connectRate);
        double kb = 0;
        if (measureMemory) {
            long rssAfter = nodes.get(0).rssAfterGc();
            kb = (rssAfter - rssBefore) / 1024.0 / clients;
            System.out.printf("   server RSS %d MB -> %d MB: %.1f KB per connection%n", rssBefore >> 20, rssAfter >> 20, kb);
        }

        double[] p50 = new double[updates], p99 = new double[updates], max = new double[updates];
        int lost = 0;
        for (int round = 0; round < updates; round++) {
            Thread.sleep(1000);
            long serverCpu = nodes.stream().mapToLong(n -> cpuMillis(n.process.pid())).sum();
            long clientCpu = cpuMillis(ProcessHandle.current().pid());
            long sent = System.nanoTime();
            nodes.get(0).rename(organizer, eventId, "round-" + round);
            fleet.done[round].await(10, TimeUnit.SECONDS);
            serverCpu = nodes.stream().mapToLong(n -> cpuMillis(n.process.pid())).sum() - serverCpu;
            clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpu;
            long[] arrivals = fleet.arrivals[round];
            double[] ms = Arrays.stream(arrivals).filter(t -> t > 0).mapToDouble(t -> (t - sent) / 1e6).sorted().toArray();
            int missing = clients - ms.length;
            lost = Math.max(lost, missing);
            p50[round] = percentile(ms, 50);
            p99[round] = percentile(ms, 99);
            max[round] = ms.length == 0 ? Double.NaN : ms[ms.length - 1];
            System.out.printf("   update %d: p50 %.1f ms, p99 %.1f ms, last client %.1f ms, %d missing; CPU: server %d ms, clients %d ms%n",
                    round + 1, p50[round], p99[round], max[round], missing, serverCpu, clientCpu);
        }
        fleet.close();
        return new Result(name, connectRate, median(p50), median(p99), median(max), lost, kb);
    }

    /** The clients: one listener each, arrival times per update round. */
    static final class Fleet {
        final int size;
        final long[][] arrivals;
        final CountDownLatch subscribed;
        final CountDownLatch[] done;
        final List<WebSocket> sockets = new ArrayList<>();
        final HttpClient[] clients = new HttpClient[8]; // a few selector threads

        Fleet(int size, int rounds) {
            this.size = size;
            this.arrivals = new long[rounds][size];
            this.subscribed = new CountDownLatch(size);
            this.done = new CountDownLatch[rounds];
            for (int i = 0; i < rounds; i++) {
                done[i] = new CountDownLatch(size);
            }
            for (int i = 0; i < clients.length; i++) {
                clients[i] = HttpClient.newHttpClient();
            }
        }

        void connect(List<Node> nodes, String path) throws InterruptedException {
            Semaphore handshakes = new Semaphore(256);
            AtomicInteger failed = new AtomicInteger();
            List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                handshakes.acquire();
                Node node = nodes.get(i % nodes.size());
                CompletableFuture<WebSocket> socket = clients[i % clients.length].newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + node.port + path), new Client(this, i))
                        .whenComplete((ws, error) -> {
                            handshakes.release();
                            if (error != null && failed.incrementAndGet() <= 3) {
                                System.out.println("   connect failed: " + error);
                            }
                        });
                pending.add(socket);
            }
            for (CompletableFuture<WebSocket> socket : pending) {
                try {
                    sockets.add(socket.join());
                } catch (RuntimeException e) {
                    // counted above
                }
            }
            if (failed.get() > 0) {
                System.out.printf("   %d connections failed%n", failed.get());
            }
        }

        void close() {
            sockets.forEach(WebSocket::abort);
        }
    }

    static final class Client implements WebSocket.Listener {
        private final Fleet fleet;
        private final int index;
        private StringBuilder partial;
        private boolean first = true;

        Client(Fleet fleet, int index) {
            this.fleet = fleet;
            this.index = index;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            String text;
            if (!last || partial != null) {
                if (partial == null) {
                    partial = new StringBuilder();
                }
                partial.append(data);
                if (!last) {
                    socket.request(1);
                    return null;
                }
                text = partial.toString();
                partial = null;
            } else {
                text = data.toString();
            }
            if (first) {
                first = false;
                fleet.subscribed.countDown();
            }
            int marker = text.indexOf("\"title\":\"round-");
            if (marker >= 0 && text.startsWith("{\"type\":\"event_updated\"")) {
                int round = Integer.parseInt(text.substring(marker + 15, text.indexOf('"', marker + 15)));
                if (fleet.arrivals[round][index] == 0) {
                    fleet.arrivals[round][index] = now;
                    fleet.done[round].countDown();
                }
            }
            socket.request(1);
            return null;
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
            Process process = new ProcessBuilder(java, "-Xms1g", "-Xmx1g", "-jar", jar, "--server.port=" + port,
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + DB,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.data.redis.host=127.0.0.1", "--eventflow.redis.key-prefix=" + redisPrefix,
                    "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                    "--eventflow.identity.jwt.secret=" + SECRET,
                    // 10,000 clients: past Tomcat's default of 8,192 connections (run.sh raises the fd limit too)
                    "--server.tomcat.max-connections=20000", "--server.tomcat.accept-count=2000",
                    "--logging.level.root=WARN")
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

        private String send(String method, String path, String token, String body, int expected) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        long rssAfterGc() throws Exception {
            new ProcessBuilder(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString(),
                    Long.toString(process.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return 0;
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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException e) {
            return 0;
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
