package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the upload path with mutated images (issue 18): valid JPEG, PNG, WebP and GIF files carrying metadata (Exif
 * with GPS and an embedded thumbnail with its own metadata, XMP, IPTC, ICC profiles, PNG text chunks incl. a zTXt
 * bomb, GIF comments and application blocks, oversized segments) are truncated, bit-flipped (for PNG also with the
 * checksum repaired, so the damage reaches the decoder), given absurd length fields and dimensions, duplicated
 * headers and inserted garbage, and sent through {@code POST /api/v1/events/{id}/photos} as the event's organizer.
 * <p>
 * For every file: the answer is 201 or a 4xx problem (never a 5xx) within {@link #TIME_BOUND} — a safety net against
 * hangs, not a benchmark. For every 201, the served original and thumbnail are parsed block by block and hold no
 * metadata structure (only the image, colour and animation blocks the server keeps; a JPEG's Exif at most the
 * one-tag orientation block), none of the planted text outside the compressed image data
 * ({@link #outsideImageData}), and are typed by their content with {@code nosniff}.
 * Decompression bombs (a 310 KB PNG of 6320 x 6320 at 16 bits, absurd canvases) must be refused by the header checks,
 * which name the limit: nothing that large is ever decoded, so the memory bound is the limit itself.
 * <p>
 * Default: {@value #DEFAULT_CASES} random mutations per sample, seed {@value #DEFAULT_SEED} (about a minute); by hand
 * {@code -Deventflow.fuzz.cases=2000 -Deventflow.fuzz.seed=<n>} (see docs/testing.md). Every failure names the seed
 * and the case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageFuzzIT {

    static final int DEFAULT_CASES = 50;
    static final long DEFAULT_SEED = 18;
    static final Duration TIME_BOUND = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SECRET = TestImages.SECRET;

    @LocalServerPort
    int port;

    private Api api;
    private Session organizer;
    private String eventId;
    private final Map<String, Integer> outcomes = new TreeMap<>();

    private void setUp() {
        if (api == null) {
            api = new Api(port);
            organizer = api.register("organizer");
            eventId = api.createEvent(organizer, EventCatalogIT.event("Fuzzed gallery"));
        }
    }

    @TestFactory
    Stream<DynamicTest> mutatedImagesAreStoredCleanOrRefusedWithA4xx() {
        long seed = Long.getLong("eventflow.fuzz.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("eventflow.fuzz.cases", DEFAULT_CASES);
        Random random = new Random(seed);
        Map<String, byte[]> samples = samples();
        List<DynamicTest> tests = new ArrayList<>();
        samples.forEach((name, sample) -> tests.add(dynamicTest(name + " as is", () -> check(seed, name + " as is", sample, Expect.STORED))));
        int n = 0;
        for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
            for (int i = 0; i < cases; i++) {
                Mutation mutation = mutate(sample.getKey(), sample.getValue(), random);
                String label = "#" + (n++) + " " + sample.getKey() + " " + mutation.description();
                tests.add(dynamicTest(label, () -> check(seed, label, mutation.bytes(), Expect.ANY)));
            }
        }
        tests.add(dynamicTest("outcomes", () -> System.out.println("ImageFuzzIT seed " + seed + ": " + outcomes)));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> decompressionBombsAreRefusedFromTheirHeadersBeforeAnyDecoding() {
        Map<String, Supplier<byte[]>> bombs = new LinkedHashMap<>();
        bombs.put("png 6320x6320 RGBA 16-bit, 310 KB", () -> TestImages.flatPng(6320, 6320, 16));
        bombs.put("png IHDR 50000x50000 over a 10x10 IDAT", () -> withPngSize(TestImages.png(10, 10), 50_000, 50_000));
        bombs.put("png IHDR 2^31-1 x 2^31-1", () -> withPngSize(TestImages.png(10, 10), Integer.MAX_VALUE, Integer.MAX_VALUE));
        bombs.put("png 9000x9000 RGBA 8-bit zlib bomb", () -> TestImages.flatPng(9000, 9000, 8));
        bombs.put("jpeg SOF 65535x65535", () -> withJpegSize(TestImages.jpeg(16, 16), 65535, 65535));
        bombs.put("gif canvas and frame 65535x65535", () -> withGifSize(TestImages.gifWithComment(16, 16), 65535, 65535));
        bombs.put("webp animation on a 16384x16384 canvas", () -> webpAnimation(16384, 16384));
        return bombs.entrySet().stream().map(bomb -> dynamicTest(bomb.getKey(), () -> {
            Response refused = check(DEFAULT_SEED, bomb.getKey(), bomb.getValue().get(), Expect.REFUSED_BY_HEADERS);
            assertThat(refused.body().get("detail").asString()).as(bomb.getKey())
                    .containsAnyOf("eventflow.media.max-decoded-bytes", "eventflow.media.max-pixels");
        }));
    }

    @TestFactory
    Stream<DynamicTest> harmlessButHeavyFilesAreDecodedWithinTheBound() {
        Map<String, Supplier<byte[]>> heavy = new LinkedHashMap<>();
        // just under the 150 MB budget: really decoded (inflated and unfiltered in full)
        heavy.put("png 4400x4400 RGBA 16-bit (148 MB decoded)", () -> TestImages.flatPng(4400, 4400, 16));
        // 10 MB of zeros in a zTXt comment: dropped without ever being inflated
        heavy.put("png with a 10 MB zTXt bomb", () -> insertAfterIhdr(TestImages.png(64, 48),
                TestImages.chunk("zTXt", TestImages.concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        deflate(TestImages.concat(new byte[10 << 20], SECRET.getBytes(StandardCharsets.ISO_8859_1)))))));
        return heavy.entrySet().stream().map(file -> dynamicTest(file.getKey(),
                () -> check(DEFAULT_SEED, file.getKey(), file.getValue().get(), Expect.STORED)));
    }

    enum Expect {
        STORED, REFUSED_BY_HEADERS, ANY
    }

    private Response check(long seed, String label, byte[] file, Expect expect) {
        setUp();
        String context = "seed " + seed + ", case " + label + " (" + file.length + " bytes)";
        long start = System.nanoTime();
        Response response = api.post("/api/v1/events/" + eventId + "/photos").bearer(organizer)
                .file("photo", "fuzz.bin", "application/octet-stream", file).send();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int status = response.status();
        synchronized (outcomes) {
            outcomes.merge(Integer.toString(status), 1, Integer::sum);
        }
        assertThat(took).as(context + ": answered within the bound").isLessThan(TIME_BOUND);
        assertThat(status).as(context + ": " + response.text()).satisfiesAnyOf(
                s -> assertThat(s).isEqualTo(201), s -> assertThat(s).isBetween(400, 499));
        switch (expect) {
            case STORED -> assertThat(status).as(context + ": " + response.text()).isEqualTo(201);
            case REFUSED_BY_HEADERS -> assertThat(status).as(context + ": " + response.text()).isEqualTo(422);
            case ANY -> { }
        }
        if (status != 201) {
            assertThat(response.contentType()).as(context).startsWith("application/problem+json");
            assertThat(response.body().path("detail").asString("")).as(context).isNotBlank();
            return response;
        }
        JsonNode photo = response.body();
        String type = photo.get("content_type").asString();
        HttpResponse<byte[]> original = download(photo.get("url").asString());
        HttpResponse<byte[]> thumbnail = download(photo.get("thumbnail_url").asString());
        for (var served : List.of(Map.entry("original", original), Map.entry("thumbnail", thumbnail))) {
            String what = context + ", " + served.getKey();
            HttpResponse<byte[]> r = served.getValue();
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            String sniffed = sniff(r.body());
            assertThat(r.headers().firstValue("Content-Type")).as(what + ": typed by its content").hasValue(sniffed);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(TestImages.contains(outsideImageData(r.body()), SECRET)).as(what + ": planted text").isFalse();
            assertThat(metadataIn(r.body())).as(what + ": metadata blocks").isEmpty();
        }
        assertThat(original.headers().firstValue("Content-Type")).as(context).hasValue(type);
        return response;
    }

    private HttpResponse<byte[]> download(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ samples with metadata

    static Map<String, byte[]> samples() {
        Map<String, byte[]> samples = new LinkedHashMap<>();
        samples.put("jpeg", jpegSample());
        samples.put("png", pngSample());
        samples.put("gif", TestImages.gifWithComment(96, 64));
        samples.put("webp-lossy", TestImages.webpWithExif());
        samples.put("webp-lossless", webpLosslessWithMetadata());
        return samples;
    }

    private static byte[] icc() {
        return ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    }

    /**
     * A JPEG (orientation 6) with Exif (GPS, a description, and an embedded thumbnail that has its own Exif and
     * comment), XMP, IPTC in a Photoshop block, an ICC profile, a comment and an APP13 segment of the largest size.
     */
    private static byte[] jpegSample() {
        byte[] withGps = TestImages.jpegWithGps(96, 64, 6);
        int app0End = 4 + (((withGps[4] & 0xFF) << 8) | (withGps[5] & 0xFF));
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        extra.writeBytes(TestImages.segment(0xE1, TestImages.concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
                exifWithThumbnail(TestImages.jpegWithGps(16, 16, 1)))));
        extra.writeBytes(TestImages.segment(0xE2, TestImages.concat(
                "ICC_PROFILE\0\u0001\u0001".getBytes(StandardCharsets.ISO_8859_1), icc())));
        extra.writeBytes(TestImages.segment(0xED, TestImages.concat("Photoshop 3.0\08BIM\u0004\u0004\0\0".getBytes(
                StandardCharsets.ISO_8859_1), padded("IPTC " + SECRET, 300))));
        extra.writeBytes(TestImages.segment(0xED, padded("oversized " + SECRET, 65533)));
        return TestImages.concat(TestImages.concat(Arrays.copyOf(withGps, app0End), extra.toByteArray()),
                Arrays.copyOfRange(withGps, app0End, withGps.length));
    }

    /** Little-endian TIFF: IFD0 {Make = SECRET}, IFD1 {JPEGInterchangeFormat, its length} and the thumbnail. */
    private static byte[] exifWithThumbnail(byte[] thumbnail) {
        byte[] make = (SECRET + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int ifd0 = 8;
        int ifd1 = ifd0 + 2 + 12 + 4;
        int makeAt = ifd1 + 2 + 2 * 12 + 4;
        int thumbAt = makeAt + make.length;
        ByteBuffer b = ByteBuffer.allocate(thumbAt + thumbnail.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
        b.putShort((short) 1).putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(makeAt).putInt(ifd1);
        b.putShort((short) 2);
        b.putShort((short) 0x0201).putShort((short) 4).putInt(1).putInt(thumbAt);
        b.putShort((short) 0x0202).putShort((short) 4).putInt(1).putInt(thumbnail.length);
        b.putInt(0);
        b.put(make).put(thumbnail);
        return b.array();
    }

    /** A PNG with tEXt, iTXt, tIME, eXIf (from {@link TestImages}), a zTXt, an iCCP profile and a 200 KB tEXt. */
    private static byte[] pngSample() {
        byte[] png = TestImages.pngWithMetadata(96, 64);
        byte[] iccp = TestImages.chunk("iCCP", TestImages.concat("sRGB profile\0\0".getBytes(StandardCharsets.ISO_8859_1),
                deflate(icc())));
        byte[] ztxt = TestImages.chunk("zTXt", TestImages.concat("Author\0\0".getBytes(StandardCharsets.ISO_8859_1),
                deflate(SECRET.getBytes(StandardCharsets.ISO_8859_1))));
        byte[] big = TestImages.chunk("tEXt", TestImages.concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1),
                padded(SECRET, 200_000)));
        return insertAfterIhdr(png, TestImages.concat(iccp, TestImages.concat(ztxt, big)));
    }

    /** The lossless 1x1 sample in the extended layout, with EXIF and XMP chunks and their VP8X flags set. */
    private static byte[] webpLosslessWithMetadata() {
        byte[] simple = TestImages.webpLossless();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] vp8x = TestImages.riffChunk("VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] exif = TestImages.riffChunk("EXIF", exifWithThumbnail(new byte[0]));
        byte[] xmp = TestImages.riffChunk("XMP ", ("<x:xmpmeta><rdf:RDF><rdf:Description><rdf:Bag><rdf:li>" + SECRET
                + "</rdf:li></rdf:Bag></rdf:Description></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
        return riff(TestImages.concat(TestImages.concat(vp8x, vp8l), TestImages.concat(exif, xmp)));
    }

    /** An animated WebP: a {@code width x height} canvas, one 1x1 lossless frame. */
    private static byte[] webpAnimation(int width, int height) {
        byte[] simple = TestImages.webpLossless();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] header = new byte[10];
        header[0] = 0x02; // animation
        put24(header, 4, width - 1);
        put24(header, 7, height - 1);
        byte[] frame = new byte[16]; // at 0,0, 1x1 (sizes minus one), no duration, no flags
        return riff(TestImages.concat(TestImages.concat(TestImages.riffChunk("VP8X", header),
                TestImages.riffChunk("ANIM", new byte[6])), TestImages.riffChunk("ANMF", TestImages.concat(frame, vp8l))));
    }

    private static void put24(byte[] d, int at, int value) {
        d[at] = (byte) value;
        d[at + 1] = (byte) (value >> 8);
        d[at + 2] = (byte) (value >> 16);
    }

    private static byte[] riff(byte[] chunks) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(chunks.length + 4).put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        return TestImages.concat(header.array(), chunks);
    }

    private static byte[] padded(String text, int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, out, 0, Math.min(t.length, length));
        return out;
    }

    private static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static byte[] insertAfterIhdr(byte[] png, byte[] chunks) {
        int ihdrEnd = 8 + 8 + 13 + 4;
        return TestImages.concat(TestImages.concat(Arrays.copyOf(png, ihdrEnd), chunks), Arrays.copyOfRange(png, ihdrEnd, png.length));
    }

    static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
        fixCrc(out, 8);
        return out;
    }

    static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (Block b : jpegBlocks(out)) {
            if (b.type() >= 0xC0 && b.type() <= 0xC3) {
                int at = b.dataStart() + 1;
                out[at] = (byte) (height >> 8);
                out[at + 1] = (byte) height;
                out[at + 2] = (byte) (width >> 8);
                out[at + 3] = (byte) width;
            }
        }
        return out;
    }

    static byte[] withGifSize(byte[] gif, int width, int height) {
        byte[] out = gif.clone();
        setLe16(out, 6, width);
        setLe16(out, 8, height);
        for (Block b : gifBlocks(out)) {
            if (b.type() == 0x2C) {
                setLe16(out, b.start() + 5, width);
                setLe16(out, b.start() + 7, height);
            }
        }
        return out;
    }

    private static void setLe16(byte[] d, int at, int value) {
        d[at] = (byte) value;
        d[at + 1] = (byte) (value >> 8);
    }

    // ------------------------------------------------------------------ mutations

    record Mutation(String description, byte[] bytes) {
    }

    private static final long[] ABSURD_LENGTHS = {0, 1, 2, 0xFF, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};
    private static final long[] ABSURD_SIZES = {0, 1, 0xFFFF, 0x7FFF_FFFFL, 0xFFFF_FFFFL, 100_000};

    static Mutation mutate(String sample, byte[] original, Random random) {
        byte[] d = original.clone();
        List<Block> blocks = blocks(sample, d);
        int kind = random.nextInt(8);
        switch (kind) {
            case 0 -> {
                int at = 1 + random.nextInt(d.length - 1);
                return new Mutation("truncated at " + at, Arrays.copyOf(d, at));
            }
            case 1 -> {
                int flips = 1 + random.nextInt(8);
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(d.length);
                    int bit = random.nextInt(8);
                    d[at] ^= (byte) (1 << bit);
                    where.append(' ').append(at).append('.').append(bit);
                }
                return new Mutation(flips + " bit flips at" + where, d);
            }
            case 2 -> {
                if (!sample.equals("png")) {
                    return mutate(sample, original, random); // checksums guard only PNG's chunks
                }
                Block b = blocks.get(random.nextInt(blocks.size()));
                if (b.dataLength() == 0) {
                    return new Mutation("nothing (empty " + b.name() + ")", d);
                }
                int at = b.dataStart() + random.nextInt(b.dataLength());
                d[at] ^= (byte) (1 + random.nextInt(255));
                fixCrc(d, b.start());
                return new Mutation("byte " + at + " of " + b.name() + " changed, checksum repaired", d);
            }
            case 3 -> {
                Block b = blocks.get(random.nextInt(blocks.size()));
                if (b.lengthAt() < 0) {
                    return mutate(sample, original, random);
                }
                long value = random.nextBoolean() ? ABSURD_LENGTHS[random.nextInt(ABSURD_LENGTHS.length)]
                        : b.dataLength() + random.nextInt(9) - 4;
                writeLength(d, b, value);
                return new Mutation(b.name() + " length " + b.dataLength() + " -> " + value, d);
            }
            case 4 -> {
                long w = ABSURD_SIZES[random.nextInt(ABSURD_SIZES.length)];
                long h = ABSURD_SIZES[random.nextInt(ABSURD_SIZES.length)];
                return new Mutation("dimensions " + w + " x " + h, withDimensions(sample, d, w, h));
            }
            case 5 -> {
                Block b = blocks.get(random.nextInt(blocks.size()));
                byte[] copy = Arrays.copyOfRange(d, b.start(), b.end());
                int at = random.nextBoolean() ? b.end() : b.start();
                return new Mutation(b.name() + " duplicated", splice(d, at, copy));
            }
            case 6 -> {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                int at = random.nextInt(d.length);
                return new Mutation(garbage.length + " random bytes inserted at " + at, splice(d, at, garbage));
            }
            default -> {
                Block b = blocks.get(random.nextInt(blocks.size()));
                byte[] removed = TestImages.concat(Arrays.copyOf(d, b.start()), Arrays.copyOfRange(d, b.end(), d.length));
                return new Mutation(b.name() + " removed", removed);
            }
        }
    }

    private static byte[] splice(byte[] d, int at, byte[] inserted) {
        return TestImages.concat(TestImages.concat(Arrays.copyOf(d, at), inserted), Arrays.copyOfRange(d, at, d.length));
    }

    private static void writeLength(byte[] d, Block b, long value) {
        switch (b.lengthBytes()) {
            case 2 -> { // JPEG: big-endian, counting itself
                long v = Math.min(0xFFFF, value + 2);
                d[b.lengthAt()] = (byte) (v >> 8);
                d[b.lengthAt() + 1] = (byte) v;
            }
            case 4 -> {
                if (b.littleEndian()) {
                    ByteBuffer.wrap(d, b.lengthAt(), 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
                } else {
                    ByteBuffer.wrap(d, b.lengthAt(), 4).putInt((int) value);
                }
            }
            default -> d[b.lengthAt()] = (byte) Math.min(0xFF, value); // a GIF sub-block
        }
    }

    private static byte[] withDimensions(String sample, byte[] d, long w, long h) {
        return switch (sample) {
            case "png" -> withPngSize(d, (int) w, (int) h);
            case "jpeg" -> withJpegSize(d, (int) Math.min(w, 0xFFFF), (int) Math.min(h, 0xFFFF));
            case "gif" -> withGifSize(d, (int) Math.min(w, 0xFFFF), (int) Math.min(h, 0xFFFF));
            default -> { // WebP: the VP8X canvas (24 bits, minus one)
                put24(d, 24, (int) Math.min(w, 0x100_0000) - 1);
                put24(d, 27, (int) Math.min(h, 0x100_0000) - 1);
                yield d;
            }
        };
    }

    // ------------------------------------------------------------------ parsing, independent of the server's cleaner

    /**
     * One block of a file: its name, where it starts and ends, where its data starts, and where its length field is
     * ({@code -1} when it has none).
     */
    record Block(String name, int type, int start, int end, int dataStart, int dataLength, int lengthAt, int lengthBytes,
            boolean littleEndian) {
    }

    static List<Block> blocks(String sample, byte[] d) {
        return switch (sample) {
            case "jpeg" -> jpegBlocks(d);
            case "png" -> pngBlocks(d);
            case "gif" -> gifBlocks(d);
            default -> webpBlocks(d);
        };
    }

    /** The segments of a JPEG up to its end (scan data belongs to the SOS before it); stops at anything malformed. */
    static List<Block> jpegBlocks(byte[] d) {
        List<Block> blocks = new ArrayList<>();
        int pos = 2;
        while (pos + 2 <= d.length && (d[pos] & 0xFF) == 0xFF) {
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xD9 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xFF) {
                blocks.add(new Block(String.format("marker %02X", marker), marker, pos, pos + 2, pos + 2, 0, -1, 0, false));
                if (marker == 0xD9) {
                    break;
                }
                pos += 2;
                continue;
            }
            if (pos + 4 > d.length) {
                break;
            }
            int length = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            int end = pos + 2 + length;
            if (length < 2 || end > d.length) {
                break;
            }
            if (marker == 0xDA) {
                while (end + 1 < d.length && !((d[end] & 0xFF) == 0xFF && (d[end + 1] & 0xFF) != 0
                        && ((d[end + 1] & 0xFF) < 0xD0 || (d[end + 1] & 0xFF) > 0xD7))) {
                    end++;
                }
            }
            blocks.add(new Block(String.format("segment %02X", marker), marker, pos, end, pos + 4, length - 2, pos + 2, 2, false));
            pos = end;
        }
        return blocks;
    }

    static List<Block> pngBlocks(byte[] d) {
        List<Block> blocks = new ArrayList<>();
        int pos = 8;
        while (pos + 12 <= d.length) {
            long length = ByteBuffer.wrap(d, pos, 4).getInt() & 0xFFFF_FFFFL;
            if (pos + 12 + length > d.length) {
                break;
            }
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int end = pos + 12 + (int) length;
            blocks.add(new Block("chunk " + type, 0, pos, end, pos + 8, (int) length, pos, 4, false));
            pos = end;
            if (type.equals("IEND")) {
                break;
            }
        }
        return blocks;
    }

    static List<Block> webpBlocks(byte[] d) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block("RIFF header", 0, 0, 12, 8, d.length - 8, 4, 4, true));
        int pos = 12;
        while (pos + 8 <= d.length) {
            long size = ByteBuffer.wrap(d, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
            long end = pos + 8 + size + (size & 1);
            if (end > d.length) {
                break;
            }
            String type = new String(d, pos, 4, StandardCharsets.ISO_8859_1);
            blocks.add(new Block("chunk " + type.trim(), 0, pos, (int) end, pos + 8, (int) size, pos + 4, 4, true));
            pos = (int) end;
        }
        return blocks;
    }

    /** The GIF's blocks after its header and global colour table: image descriptors (0x2C) and extensions (0x21). */
    static List<Block> gifBlocks(byte[] d) {
        List<Block> blocks = new ArrayList<>();
        if (d.length < 13) {
            return blocks;
        }
        int flags = d[10] & 0xFF;
        int pos = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
        blocks.add(new Block("header", 0, 0, pos, 6, 7, -1, 0, false));
        while (pos < d.length) {
            int type = d[pos] & 0xFF;
            int start = pos;
            String name;
            if (type == 0x3B) {
                break;
            } else if (type == 0x2C) {
                if (pos + 10 > d.length) {
                    break;
                }
                int local = d[pos + 9] & 0xFF;
                pos += 10 + ((local & 0x80) != 0 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1;
                name = "image";
            } else if (type == 0x21 && pos + 2 <= d.length) {
                name = String.format("extension %02X", d[pos + 1] & 0xFF);
                pos += 2;
            } else {
                break;
            }
            int firstSubBlock = pos;
            while (pos < d.length && (d[pos] & 0xFF) != 0) {
                pos += 1 + (d[pos] & 0xFF);
            }
            if (pos >= d.length) {
                break;
            }
            pos++;
            blocks.add(new Block(name, type, start, pos, firstSubBlock + 1,
                    firstSubBlock < d.length ? d[firstSubBlock] & 0xFF : 0, firstSubBlock, 1, false));
        }
        return blocks;
    }

    static void fixCrc(byte[] d, int chunkStart) {
        int length = ByteBuffer.wrap(d, chunkStart, 4).getInt();
        CRC32 crc = new CRC32();
        crc.update(d, chunkStart + 4, 4 + length);
        ByteBuffer.wrap(d, chunkStart + 8 + length, 4).putInt((int) crc.getValue());
    }

    static String sniff(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (d.length >= 8 && (d[0] & 0xFF) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return "image/png";
        }
        if (d.length >= 6 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F') {
            return "image/gif";
        }
        if (d.length >= 12 && d[0] == 'R' && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
            return "image/webp";
        }
        return "unknown";
    }

    private static final Set<Integer> JPEG_KEPT = Set.of(0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB,
            0xCD, 0xCE, 0xCF, 0xC4, 0xCC, 0xDA, 0xDB, 0xDC, 0xDD);
    private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
            "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "mDCv", "cLLi", "acTL", "fcTL", "fdAT");
    private static final Set<String> WEBP_KEPT = Set.of("VP8X", "VP8", "VP8L", "ALPH", "ICCP", "ANIM", "ANMF");

    /**
     * The metadata structures in a served file, found by walking its blocks: an empty list for a clean file. Anything
     * the walk cannot account for (bytes after the end, a block it cannot parse) counts too.
     */
    static List<String> metadataIn(byte[] d) {
        List<String> found = new ArrayList<>();
        switch (sniff(d)) {
            case "image/jpeg" -> {
                List<Block> blocks = jpegBlocks(d);
                Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
                if (last == null || last.type() != 0xD9 || last.end() != d.length) {
                    found.add("a JPEG that does not end with its EOI marker");
                }
                for (Block b : blocks) {
                    int m = b.type();
                    boolean allowed = m == 0xD9 || (m >= 0xD0 && m <= 0xD7) || JPEG_KEPT.contains(m)
                            || (m == 0xE0 && startsWith(d, b.dataStart(), "JFIF\0") && b.dataLength() == 14
                                    && d[b.dataStart() + 12] == 0 && d[b.dataStart() + 13] == 0)
                            || (m == 0xE2 && startsWith(d, b.dataStart(), "ICC_PROFILE\0"))
                            || (m == 0xEE && startsWith(d, b.dataStart(), "Adobe"))
                            || (m == 0xE1 && isOrientationOnlyExif(d, b));
                    if (!allowed) {
                        found.add(b.name() + " at " + b.start());
                    }
                }
            }
            case "image/png" -> {
                List<Block> blocks = pngBlocks(d);
                int end = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end();
                if (end != d.length) {
                    found.add("bytes after IEND or an unparsable chunk at " + end);
                }
                blocks.stream().filter(b -> !PNG_KEPT.contains(b.name().substring(6))).forEach(b -> found.add(b.name()));
            }
            case "image/gif" -> {
                for (Block b : gifBlocks(d)) {
                    boolean allowed = b.name().equals("header") || b.type() == 0x2C || b.name().equals("extension F9")
                            || b.name().equals("extension 01")
                            || (b.name().equals("extension FF") && (startsWith(d, b.dataStart(), "NETSCAPE2.0")
                                    || startsWith(d, b.dataStart(), "ANIMEXTS1.0")));
                    if (!allowed) {
                        found.add(b.name() + " at " + b.start());
                    }
                }
            }
            case "image/webp" -> {
                List<Block> blocks = webpBlocks(d);
                for (Block b : blocks.subList(1, blocks.size())) {
                    String type = b.name().substring(6);
                    if (!WEBP_KEPT.contains(type)) {
                        found.add(b.name());
                    }
                    if (type.equals("VP8X") && (d[b.dataStart()] & 0x0C) != 0) {
                        found.add("VP8X announcing Exif or XMP");
                    }
                }
            }
            default -> found.add("not an image");
        }
        return found;
    }

    /**
     * The file with the payload of its compressed image data blanked: JPEG scan data, PNG IDAT/fdAT, GIF image data
     * sub-blocks, WebP VP8/VP8L/ALPH/ANMF. A mutation can shift a file's own structure so that its metadata becomes
     * part of the image data (random bytes inserted into a GIF's LZW sub-blocks made the comment after them read as
     * more sub-blocks: seed 777, case #3722); there every decoder reads it as pixel data, so it is kept like any
     * pixel. The planted text is searched for everywhere else — headers, colour profiles and every kept block.
     */
    static byte[] outsideImageData(byte[] file) {
        byte[] d = file.clone();
        switch (sniff(d)) {
            case "image/jpeg" -> jpegBlocks(d).stream().filter(b -> b.type() == 0xDA)
                    .forEach(b -> Arrays.fill(d, b.dataStart() + b.dataLength(), b.end(), (byte) 0));
            case "image/png" -> pngBlocks(d).stream().filter(b -> b.name().equals("chunk IDAT") || b.name().equals("chunk fdAT"))
                    .forEach(b -> Arrays.fill(d, b.dataStart(), b.dataStart() + b.dataLength(), (byte) 0));
            case "image/gif" -> gifBlocks(d).stream().filter(b -> b.type() == 0x2C)
                    .forEach(b -> Arrays.fill(d, b.lengthAt(), b.end(), (byte) 0));
            case "image/webp" -> webpBlocks(d).stream()
                    .filter(b -> Set.of("chunk VP8", "chunk VP8L", "chunk ALPH", "chunk ANMF").contains(b.name()))
                    .forEach(b -> Arrays.fill(d, b.dataStart(), Math.min(d.length, b.dataStart() + b.dataLength()), (byte) 0));
            default -> { }
        }
        return d;
    }

    /** An APP1 holding "Exif\0\0" and a TIFF whose only IFD has one entry, the orientation. */
    private static boolean isOrientationOnlyExif(byte[] d, Block b) {
        if (!startsWith(d, b.dataStart(), "Exif\0\0") || b.dataLength() > 6 + 8 + 2 + 12 + 4) {
            return false;
        }
        int tiff = b.dataStart() + 6;
        ByteOrder order = d[tiff] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer t = ByteBuffer.wrap(d, tiff, b.dataLength() - 6).slice().order(order);
        int ifd = t.getInt(4);
        return t.getShort(ifd) == 1 && t.getShort(ifd + 2) == 0x0112 && t.getInt(ifd + 2 + 12) == 0;
    }

    private static boolean startsWith(byte[] d, int at, String prefix) {
        return at + prefix.length() <= d.length
                && new String(d, at, prefix.length(), StandardCharsets.ISO_8859_1).equals(prefix);
    }
}
