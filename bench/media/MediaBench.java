import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * What photo decoding costs the readers of a node (issue 18): GET /api/v1/events/{id} alone, then while 8 clients upload
 * the security report's PNG (6320 x 6320, RGBA, 16 bits, one flat colour: ~310 KB on the wire, 305 MB to inflate) in a
 * loop, then while they upload the same kind of PNG just under the decoding budget (4400 x 4400, 148 MB decoded), which
 * every build really decodes. Before the phases, each file is uploaded three times alone: what it costs by itself.
 * Standard library only; run by bench/media/run.sh, which starts the node.
 *
 *   java MediaBench.java BASE_URL [--duration 20] [--readers 2] [--uploaders 8] [--work DIR]
 */
public class MediaBench {

    static final HttpClient READS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final HttpClient UPLOADS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int duration = 20;
        int readers = 2;
        int uploaders = 8;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "eventflow-bench-media");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--readers" -> readers = Integer.parseInt(args[++i]);
                case "--uploaders" -> uploaders = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Files.createDirectories(work);
        byte[] worst = cached(work.resolve("worst-6320x6320-rgba16.png"), 6320, 6320);
        byte[] underBudget = cached(work.resolve("under-budget-4400x4400-rgba16.png"), 4400, 4400);

        String name = "bench" + UUID.randomUUID().toString().substring(0, 8);
        String token = field(send(READS, post(base + "/api/v1/auth/register", "{\"username\":\"" + name + "\",\"email\":\""
                + name + "@example.test\",\"password\":\"bench-password-1\",\"role\":\"organizer\"}")), "access_token");
        Instant start = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String event = "{\"title\":\"Photo bench\",\"description\":\"Decoding under load\",\"category\":\"tech-meetup\","
                + "\"start_time\":\"" + start + "\",\"end_time\":\"" + start.plus(Duration.ofHours(2)) + "\",\"location\":\"Tel Aviv\","
                + "\"latitude\":32.06,\"longitude\":34.77,\"capacity\":50,\"price\":0,\"currency\":\"ils\"}";
        HttpRequest create = HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(event)).build();
        String eventId = field(send(READS, create), "id");
        URI read = URI.create(base + "/api/v1/events/" + eventId);
        URI upload = URI.create(base + "/api/v1/events/" + eventId + "/photos");

        System.out.printf("files: worst case %,d bytes (6320x6320 RGBA 16-bit), under the budget %,d bytes (4400x4400 RGBA 16-bit)%n",
                worst.length, underBudget.length);
        phase("warm-up", read, upload, null, token, 5, readers, 0);
        // one upload at a time, nothing else running: what each file costs by itself (decoding, or refusing it)
        for (var file : List.of(Map.entry("worst case", worst), Map.entry("under the budget", underBudget))) {
            StringBuilder times = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = UPLOADS.send(multipart(upload, token, file.getValue()), HttpResponse.BodyHandlers.ofString());
                times.append(String.format(" %d in %.0f ms;", r.statusCode(), ms(System.nanoTime() - t0)));
            }
            System.out.println("one upload at a time, " + file.getKey() + ":" + times);
        }
        List<String> rows = new ArrayList<>();
        rows.add(phase("reads alone (reference)", read, upload, null, token, duration, readers, 0));
        rows.add(phase("reads + " + uploaders + " uploading the worst case", read, upload, worst, token, duration, readers, uploaders));
        rows.add(phase("reads + " + uploaders + " uploading under the budget", read, upload, underBudget, token, duration, readers, uploaders));
        System.out.printf("%n%-44s %7s %8s %8s %8s   %s%n", "phase", "reads", "p50 ms", "p99 ms", "max ms",
                "uploads: status counts; upload time p50 / p99 / max ms (per status)");
        rows.forEach(System.out::println);
    }

    /** Readers (a GET, then 5 ms of pause, in a loop) and, if a file is given, uploaders (back to back) for some seconds. */
    static String phase(String label, URI read, URI upload, byte[] file, String token, int seconds, int readers, int uploaders)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> readNanos = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, List<Long>> uploadNanos = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                HttpRequest get = HttpRequest.newBuilder(read).timeout(Duration.ofSeconds(60)).build();
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = READS.send(get, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            readNanos.add(System.nanoTime() - t0);
                        }
                        Thread.sleep(5);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (int i = 0; file != null && i < uploaders; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                HttpRequest post = multipart(upload, token, file);
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = UPLOADS.send(post, HttpResponse.BodyHandlers.ofString());
                        uploadNanos.computeIfAbsent(r.statusCode(), s -> Collections.synchronizedList(new ArrayList<>()))
                                .add(System.nanoTime() - t0);
                    } catch (IOException | InterruptedException e) {
                        uploadNanos.computeIfAbsent(-1, s -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - t0);
                    }
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : threads) {
            t.join(); // the uploads in flight finish (and are counted)
        }
        List<Long> reads = new ArrayList<>(readNanos);
        Collections.sort(reads);
        StringBuilder uploadsText = new StringBuilder();
        new TreeMap<>(uploadNanos).forEach((status, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            uploadsText.append(status == -1 ? "failed" : status).append(" x ").append(sorted.size())
                    .append(String.format(" (%.0f / %.0f / %.0f)  ", ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                            ms(sorted.get(sorted.size() - 1))));
        });
        String row = String.format("%-44s %7d %8.1f %8.1f %8.1f   %s", label, reads.size(), ms(percentile(reads, 50)),
                ms(percentile(reads, 99)), ms(reads.isEmpty() ? 0 : reads.get(reads.size() - 1)),
                file == null ? "-" : uploadsText.toString().trim());
        System.out.println(row + "   (load average " + Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim() + ")");
        return row;
    }

    static HttpRequest multipart(URI upload, String token, byte[] file) {
        String boundary = "bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"bomb.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(upload).timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static byte[] cached(Path path, int width, int height) throws IOException {
        if (Files.exists(path)) {
            return Files.readAllBytes(path);
        }
        byte[] png = flatPng(width, height);
        Files.write(path, png);
        return png;
    }

    /** RGBA at 16 bits, every sample zero: rows of zeros deflate about 1000:1. */
    static byte[] flatPng(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[1 + width * 8];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0).array()));
        byte[] data = idat.toByteArray();
        for (int at = 0; at < data.length; at += 1 << 16) {
            out.writeBytes(chunk("IDAT", java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + (1 << 16)))));
        }
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
