/*
 * Notification queue benchmark (see bench/README.md): N bookings over 100 events, each giving one confirmation mail that travels
 * outbox -> notification row -> RabbitMQ -> consumer -> SMTP, timed from the booking request to the mail's arrival
 * at an SMTP sink in this process. Reference in the same run: RabbitMQ's own rate for the same number of persistent
 * messages, one publisher and as many consumers as EventFlow uses, with the plain AMQP client.
 *
 *   bench/notifications/run.sh [--jobs 10000]
 */
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.MessageProperties;

public class NotificationBench {

    static final String DB = "eventflow_bench_notifications";
    static final int PORT = 18120;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 1 && args[0].equals("--jobs") ? Integer.parseInt(args[1]) : 10_000;
        String jar = System.getProperty("bench.jar");
        SmtpSink sink = new SmtpSink();
        psql("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        psql("postgres", "CREATE DATABASE " + DB);
        String prefix = "bench-notifications-" + UUID.randomUUID() + ".";
        Process app = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xms1g", "-Xmx1g", "-jar", jar,
                "--server.port=" + PORT,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + DB, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--spring.data.redis.host=127.0.0.1",
                "--eventflow.redis.key-prefix=" + prefix, "--spring.rabbitmq.host=127.0.0.1", "--eventflow.rabbitmq.prefix=" + prefix,
                "--eventflow.rabbitmq.queue-expiry=10m", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + sink.port(),
                "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                // sign-ups are set-up here, not what is measured: the cheapest bcrypt
                "--eventflow.identity.bcrypt-strength=4", "--eventflow.identity.jwt.secret=" + "n".repeat(48),
                "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "eventflow-bench-notifications.log").toFile())
                .start();
        try {
            waitUntilReady();
            String organizer = register("organizer", "bench-organizer@example.com");
            int warmup = Math.max(500, jobs / 10);
            System.out.printf("== Signing up %d attendees (set-up, welcome mails included)%n", warmup + jobs);
            List<String> tokens = parallel(warmup + jobs, i -> register("attendee", "bench-" + i + "@example.com"));
            sink.awaitSubject("Welcome", warmup + jobs + 1, Duration.ofMinutes(5));

            System.out.printf("== Warm-up: %d bookings (discarded)%n", warmup);
            List<String> warmEvents = parallel(100, i -> event(organizer));
            run(sink, tokens.subList(0, warmup), 0, warmEvents);

            System.out.printf("== %d bookings, each a confirmation mail through the outbox, RabbitMQ and SMTP%n", jobs);
            // 100 events, so the bookings do not queue on one event's row lock (that is bench/booking's subject)
            List<String> events = parallel(100, i -> event(organizer));
            Result result = run(sink, tokens.subList(warmup, warmup + jobs), warmup, events);
            System.out.printf("   EventFlow: %d of %d mails, %.0f jobs/s, latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    result.delivered, jobs, result.rate, result.p50, result.p99, result.max);

            Reference reference = rabbitReference(jobs, 16);
            System.out.printf("   Reference, RabbitMQ alone: %d persistent messages, 1 publisher, 16 consumers: %.0f msgs/s, "
                    + "latency p99 %.0f ms%n", jobs, reference.rate, reference.p99);
            System.out.printf("%n== Results: %d jobs%n%-28s %10s %8s %8s %8s%n", jobs, "", "jobs/s", "p50 ms", "p99 ms", "ratio");
            System.out.printf("%-28s %10.0f %8.0f %8.0f %7.0f%%%n", "EventFlow end to end", result.rate, result.p50, result.p99,
                    100 * result.rate / reference.rate);
            System.out.printf("%-28s %10.0f %8s %8.0f %8s%n", "RabbitMQ publish/consume", reference.rate, "-", reference.p99, "100%");
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            sink.close();
        }
    }

    record Result(int delivered, double rate, double p50, double p99, double max) {
    }

    static Result run(SmtpSink sink, List<String> tokens, int firstIndex, List<String> eventIds) throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        parallel(tokens.size(), i -> {
            sent.put("bench-" + (firstIndex + i) + "@example.com", System.nanoTime());
            send("POST", "/api/v1/events/" + eventIds.get(i % eventIds.size()) + "/bookings", tokens.get(i), "", 201);
            return null;
        });
        sink.awaitSubject("Seat confirmed", sent.size(), Duration.ofMinutes(5), sent.keySet());
        double[] latencies = sent.entrySet().stream().filter(e -> sink.arrivals.containsKey(e.getKey()))
                .mapToDouble(e -> (sink.arrivals.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
        long last = sent.keySet().stream().mapToLong(a -> sink.arrivals.getOrDefault(a, 0L)).max().orElse(start);
        return new Result(latencies.length, latencies.length / ((last - start) / 1e9), percentile(latencies, 50),
                percentile(latencies, 99), latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
    }

    record Reference(double rate, double p99) {
    }

    /** The broker's own end-to-end rate for the same number of persistent messages. */
    static Reference rabbitReference(int messages, int consumers) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection()) {
            Channel publisher = connection.createChannel();
            String queue = "bench-reference-" + UUID.randomUUID();
            publisher.queueDeclare(queue, true, false, true, Map.of());
            long[] latency = new long[messages];
            AtomicLong received = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            List<Channel> channels = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                Channel channel = connection.createChannel();
                channel.basicQos(10);
                DeliverCallback deliver = (tag, delivery) -> {
                    long now = System.nanoTime();
                    String[] body = new String(delivery.getBody(), StandardCharsets.US_ASCII).split(":");
                    latency[Integer.parseInt(body[0])] = now - Long.parseLong(body[1]);
                    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                    received.incrementAndGet();
                    lastAt.set(now);
                };
                channel.basicConsume(queue, false, deliver, tag -> { });
                channels.add(channel);
            }
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                publisher.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN,
                        (i + ":" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (received.get() < messages && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double[] ms = Arrays.stream(latency).filter(l -> l > 0).mapToDouble(l -> l / 1e6).sorted().toArray();
            return new Reference(received.get() / ((lastAt.get() - start) / 1e9), percentile(ms, 99));
        }
    }

    /** Enough SMTP to receive mail: every message's recipients and subject, and when it arrived. */
    static final class SmtpSink implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 512, java.net.InetAddress.getLoopbackAddress());
        final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> subjects = new ConcurrentHashMap<>();
        final ExecutorService sessions = Executors.newVirtualThreadPerTaskExecutor();

        SmtpSink() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        sessions.execute(() -> session(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void session(Socket socket) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = socket.getOutputStream()) {
                reply(out, "220 sink");
                List<String> recipients = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                    switch (command) {
                        case "EHLO", "HELO" -> reply(out, "250 sink");
                        case "MAIL" -> {
                            recipients.clear();
                            reply(out, "250 OK");
                        }
                        case "RCPT" -> {
                            recipients.add(line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase());
                            reply(out, "250 OK");
                        }
                        case "DATA" -> {
                            reply(out, "354 go on");
                            String subject = "";
                            while ((line = in.readLine()) != null && !line.equals(".")) {
                                if (subject.isEmpty() && line.startsWith("Subject: ")) {
                                    subject = line.substring(9);
                                }
                            }
                            long now = System.nanoTime();
                            for (String recipient : recipients) {
                                if (subject.startsWith("Seat confirmed")) {
                                    arrivals.putIfAbsent(recipient, now);
                                }
                            }
                            subjects.computeIfAbsent(subject.split(":")[0].split(" ")[0], s -> new AtomicLong()).incrementAndGet();
                            reply(out, "250 OK");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void awaitSubject(String firstWord, long count, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (subjects.getOrDefault(firstWord, new AtomicLong()).get() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        void awaitSubject(String subject, int count, Duration patience, java.util.Set<String> recipients) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (recipients.stream().filter(arrivals::containsKey).count() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            sessions.shutdownNow();
        }
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    static <T> List<T> parallel(int count, Task<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    static String register(String role, String email) throws Exception {
        String name = email.substring(0, email.indexOf('@')).replace("-", "_");
        String body = "{\"username\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\"bench-password-1\",\"role\":\"" + role + "\"}";
        String answer = send("POST", "/api/v1/auth/register", null, body, 201);
        int at = answer.indexOf("\"access_token\":\"") + 16;
        return answer.substring(at, answer.indexOf('"', at));
    }

    static String event(String organizer) throws Exception {
        Instant start = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"title\":\"Queue night\",\"category\":\"concert\",\"start_time\":\"" + start + "\",\"end_time\":\""
                + start.plus(Duration.ofHours(2)) + "\",\"location\":\"Tel Aviv\",\"capacity\":1000000}";
        String answer = send("POST", "/api/v1/events", organizer, body, 201);
        int at = answer.indexOf("\"id\":\"") + 6;
        return answer.substring(at, answer.indexOf('"', at));
    }

    static String send(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static void waitUntilReady() throws Exception {
        for (int i = 0; i < 120; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("EventFlow did not start; see the log in the temp directory");
    }

    static void psql(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-c", sql)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + sql);
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
