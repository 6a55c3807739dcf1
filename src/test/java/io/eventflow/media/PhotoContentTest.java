package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.eventflow.media.PhotoContent.Cleaned;
import io.eventflow.media.PhotoContent.Kind;
import io.eventflow.media.PhotoContent.Rejected;

/** Recognising images by their bytes and removing their metadata without touching their pixels. */
class PhotoContentTest {

    private final MediaProperties properties = new MediaProperties(Path.of("unused"), DataSize.ofMegabytes(10),
            50_000_000L, DataSize.ofMegabytes(150), 320, 1, Duration.ofSeconds(10), Duration.ofSeconds(10));
    private final ImageProcessor processor = new ImageProcessor(properties);
    private final DecodePool pool = new DecodePool(properties);

    @AfterEach
    void stopPool() {
        pool.destroy();
    }

    private ImageProcessor.Thumbnail thumbnail(Cleaned image) throws Rejected {
        return pool.run(deadline -> processor.thumbnail(image, deadline));
    }

    @Test
    void recognisesTheFourFormatsByTheirFirstBytes() {
        assertThat(PhotoContent.sniff(TestImages.jpeg(10, 10))).isEqualTo(Kind.JPEG);
        assertThat(PhotoContent.sniff(TestImages.png(10, 10))).isEqualTo(Kind.PNG);
        assertThat(PhotoContent.sniff(TestImages.gifWithComment(10, 10))).isEqualTo(Kind.GIF);
        assertThat(PhotoContent.sniff(TestImages.webpLossy())).isEqualTo(Kind.WEBP);
    }

    @Test
    void rejectsHtmlScriptsSvgAndEmptyFilesAsUnsupported() {
        for (String text : new String[] {"<html><script>alert(1)</script></html>", "#!/bin/sh\nrm -rf /",
                "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", ""}) {
            assertThatThrownBy(() -> PhotoContent.clean(text.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.unsupported).isTrue());
        }
    }

    @Test
    void stripsExifGpsXmpAndCommentsFromAJpegButKeepsItsOrientationAndPixels() throws Exception {
        byte[] original = TestImages.jpegWithGps(640, 480, 6);
        assertThat(TestImages.contains(original, TestImages.SECRET)).isTrue();

        Cleaned cleaned = PhotoContent.clean(original);

        assertThat(cleaned.kind()).isEqualTo(Kind.JPEG);
        assertThat(cleaned.width()).isEqualTo(640);
        assertThat(cleaned.height()).isEqualTo(480);
        assertThat(cleaned.orientation()).isEqualTo(6);
        assertThat(TestImages.contains(cleaned.bytes(), TestImages.SECRET)).isFalse();
        assertThat(TestImages.contains(cleaned.bytes(), "http://ns.adobe.com/xap")).isFalse();
        assertThat(indexOf(cleaned.bytes(), new byte[] {(byte) 0x88, 0x25})).isEqualTo(-1); // no GPSInfo tag
        // only the minimal Exif block with the orientation is left
        assertThat(TestImages.contains(cleaned.bytes(), "Exif\0\0")).isTrue();
        int exif = indexOf(cleaned.bytes(), "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(PhotoContent.exifOrientation(cleaned.bytes(), exif + 6, cleaned.bytes().length)).isEqualTo(6);
        // the entropy-coded data is untouched: the pixels are the same as the original's
        BufferedImage before = TestImages.decode(TestImages.jpeg(640, 480));
        BufferedImage after = TestImages.decode(cleaned.bytes());
        assertThat(after.getWidth()).isEqualTo(640);
        assertThat(after.getRGB(100, 100)).isEqualTo(before.getRGB(100, 100));
        assertThat(after.getRGB(639, 479)).isEqualTo(before.getRGB(639, 479));
    }

    @Test
    void theThumbnailOfARotatedJpegIsTurnedUpright() throws Exception {
        ImageProcessor.Thumbnail thumbnail = thumbnail(PhotoContent.clean(TestImages.jpegWithGps(640, 480, 6)));
        assertThat(thumbnail.kind()).isEqualTo(Kind.JPEG);
        assertThat(thumbnail.width()).isEqualTo(240); // orientation 6: a quarter turn, so portrait
        assertThat(thumbnail.height()).isEqualTo(320);
    }

    @Test
    void stripsTextTimeAndExifChunksFromAPng() throws Exception {
        byte[] original = TestImages.pngWithMetadata(300, 200);
        Cleaned cleaned = PhotoContent.clean(original);

        for (String chunk : new String[] {"tEXt", "iTXt", "tIME", "eXIf", TestImages.SECRET}) {
            assertThat(TestImages.contains(cleaned.bytes(), chunk)).as(chunk).isFalse();
        }
        assertThat(cleaned.width()).isEqualTo(300);
        BufferedImage image = TestImages.decode(cleaned.bytes());
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(image.getRGB(10, 10)).isEqualTo(TestImages.decode(original).getRGB(10, 10));
    }

    @Test
    void stripsCommentsAndUnknownApplicationBlocksFromAGif() throws Exception {
        Cleaned cleaned = PhotoContent.clean(TestImages.gifWithComment(120, 80));
        assertThat(TestImages.contains(cleaned.bytes(), TestImages.SECRET)).isFalse();
        assertThat(TestImages.contains(cleaned.bytes(), "XMP DataXMP")).isFalse();
        assertThat(TestImages.decode(cleaned.bytes()).getWidth()).isEqualTo(120);
    }

    @Test
    void stripsExifAndXmpChunksFromAWebpAndClearsTheirFlags() throws Exception {
        byte[] original = TestImages.webpWithExif();
        Cleaned cleaned = PhotoContent.clean(original);

        byte[] bytes = cleaned.bytes();
        assertThat(TestImages.contains(bytes, "EXIF")).isFalse();
        assertThat(TestImages.contains(bytes, "XMP ")).isFalse();
        assertThat(TestImages.contains(bytes, TestImages.SECRET)).isFalse();
        assertThat(bytes[20] & 0x0C).isZero(); // VP8X flags: Exif and XMP bits cleared
        int riffSize = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16 | (bytes[7] & 0xFF) << 24;
        assertThat(riffSize).isEqualTo(bytes.length - 8);
        assertThat(cleaned.width()).isEqualTo(1);
        assertThat(TestImages.decode(bytes).getWidth()).isEqualTo(1); // TwelveMonkeys' WebP reader
        assertThat(thumbnail(cleaned).width()).isEqualTo(1);
    }

    @Test
    void readsTheSizeOfLossyAndLosslessWebp() throws Exception {
        assertThat(PhotoContent.clean(TestImages.webpLossy()).width()).isEqualTo(1);
        Cleaned lossless = PhotoContent.clean(TestImages.webpLossless());
        assertThat(lossless.height()).isEqualTo(1);
        assertThat(thumbnail(lossless).height()).isEqualTo(1);
    }

    @Test
    void dropsDataAppendedAfterTheEndOfTheImage() throws Exception {
        byte[] polyglot = TestImages.concat(TestImages.png(20, 20), "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertThat(TestImages.contains(PhotoContent.clean(polyglot).bytes(), "<script>")).isFalse();
        byte[] jpegPolyglot = TestImages.concat(TestImages.jpeg(20, 20), "<script>".getBytes(StandardCharsets.UTF_8));
        assertThat(TestImages.contains(PhotoContent.clean(jpegPolyglot).bytes(), "<script>")).isFalse();
    }

    @Test
    void findsTruncatedImages() {
        for (byte[] whole : new byte[][] {TestImages.jpeg(200, 200), TestImages.png(200, 200),
                TestImages.gifWithComment(50, 50), TestImages.webpWithExif()}) {
            byte[] half = Arrays.copyOf(whole, whole.length / 2);
            assertThatThrownBy(() -> PhotoContent.clean(half))
                    .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.unsupported).isFalse())
                    .hasMessageContaining("truncated or corrupt");
        }
    }

    @Test
    void findsAPngWhosePixelDataIsDamaged() throws Exception {
        byte[] png = TestImages.png(100, 100);
        int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.ISO_8859_1));
        png[idat + 20] ^= 0x55; // damages the data and so its checksum
        assertThatThrownBy(() -> PhotoContent.clean(png)).isInstanceOf(Rejected.class).hasMessageContaining("checksum");
    }

    @Test
    void readsTheClaimedSizeOfADecompressionBombWithoutDecodingIt() throws Exception {
        byte[] png = TestImages.png(10, 10);
        // IHDR claiming 50,000 x 50,000 pixels, with a valid checksum
        byte[] ihdr = Arrays.copyOfRange(png, 16, 29);
        ihdr[0] = 0; ihdr[1] = 0; ihdr[2] = (byte) 0xC3; ihdr[3] = 0x50;
        ihdr[4] = 0; ihdr[5] = 0; ihdr[6] = (byte) 0xC3; ihdr[7] = 0x50;
        byte[] bomb = TestImages.concat(TestImages.concat(Arrays.copyOf(png, 8), TestImages.chunk("IHDR", ihdr)),
                Arrays.copyOfRange(png, 33, png.length));
        Cleaned cleaned = PhotoContent.clean(bomb);
        assertThat(cleaned.largestFramePixels()).isEqualTo(2_500_000_000L);
    }

    @Test
    void countsTheDecodingCostOfAPngByItsBitDepthAndChannels() throws Exception {
        // the security report's file: 6320 x 6320 RGBA at 16 bits, 8 bytes a pixel plus a filter byte a row
        Cleaned bomb = PhotoContent.clean(TestImages.flatPng(6320, 6320, 16));
        assertThat(bomb.bytes().length).isLessThan(400_000);
        assertThat(bomb.largestFramePixels()).isEqualTo(6320L * 6320);
        assertThat(bomb.decodedBytes()).isEqualTo(6320L * (1 + 6320 * 8));
        assertThat(bomb.decodedBytes()).isGreaterThan(properties.maxDecodedBytes().toBytes());
        // the same area at 8 bits costs half
        assertThat(PhotoContent.clean(TestImages.flatPng(6320, 6320, 8)).decodedBytes()).isEqualTo(6320L * (1 + 6320 * 4));
    }

    @Test
    void aFortyEightMegapixelColourJpegIsWithinTheDefaultLimits() throws Exception {
        Cleaned jpeg = PhotoContent.clean(TestImages.jpeg(64, 48));
        assertThat(jpeg.decodedBytes()).isEqualTo(64L * 48 * 3); // 8-bit YCbCr: three bytes a pixel
        long phone = 8064L * 6048 * 3; // what a 48 MP photo of a phone decodes to
        assertThat(phone).isLessThanOrEqualTo(properties.maxDecodedBytes().toBytes());
        assertThat(8064L * 6048).isLessThanOrEqualTo(properties.maxPixels());
    }

    @Test
    void countsEveryFrameOfAGif() throws Exception {
        Cleaned gif = PhotoContent.clean(TestImages.gifWithComment(120, 80));
        assertThat(gif.decodedBytes()).isEqualTo(120L * 80); // one frame, a byte (a palette index) a pixel
    }

    @Test
    void refusesDuplicatedHeadersAndImpossibleBitDepths() {
        byte[] png = TestImages.png(10, 10);
        byte[] ihdr = Arrays.copyOfRange(png, 8, 33);
        byte[] twice = TestImages.concat(TestImages.concat(Arrays.copyOf(png, 33), ihdr), Arrays.copyOfRange(png, 33, png.length));
        assertThatThrownBy(() -> PhotoContent.clean(twice)).isInstanceOf(Rejected.class).hasMessageContaining("second header");

        byte[] header = Arrays.copyOfRange(png, 16, 29);
        header[8] = 16; // bit depth 16 ...
        header[9] = 3;  // ... for a palette image, which PNG does not allow
        byte[] impossible = TestImages.concat(TestImages.concat(Arrays.copyOf(png, 8), TestImages.chunk("IHDR", header)),
                Arrays.copyOfRange(png, 33, png.length));
        assertThatThrownBy(() -> PhotoContent.clean(impossible)).isInstanceOf(Rejected.class)
                .hasMessageContaining("bit depth 16 with colour type 3");

        byte[] jpeg = TestImages.jpeg(20, 20);
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        int sofLength = ((jpeg[sof + 2] & 0xFF) << 8 | (jpeg[sof + 3] & 0xFF)) + 2;
        byte[] twoFrames = TestImages.concat(TestImages.concat(Arrays.copyOf(jpeg, sof + sofLength),
                Arrays.copyOfRange(jpeg, sof, sof + sofLength)), Arrays.copyOfRange(jpeg, sof + sofLength, jpeg.length));
        assertThatThrownBy(() -> PhotoContent.clean(twoFrames)).isInstanceOf(Rejected.class)
                .hasMessageContaining("second frame header");
    }

    @Test
    void refusesAWebpWithASecondExtendedHeader() {
        // thousands of tiny VP8X chunks once made the cleaner copy its output for each one
        byte[] extra = TestImages.riffChunk("VP8X", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> PhotoContent.clean(webp(TestImages.webpWithExif(), extra)))
                .isInstanceOf(Rejected.class).hasMessageContaining("second extended header");
    }

    @Test
    void refusesAWebpFrameLargerThanItsCanvas() {
        // a 1x1 canvas (VP8X) whose VP8 frame claims 16383 x 16383: the decoder would size its buffers from the frame
        byte[] simple = TestImages.webpLossy();
        byte[] vp8 = Arrays.copyOfRange(simple, 12, simple.length);
        vp8[8 + 6] = (byte) 0xFF; vp8[8 + 7] = 0x3F;
        vp8[8 + 8] = (byte) 0xFF; vp8[8 + 9] = 0x3F;
        byte[] vp8x = TestImages.riffChunk("VP8X", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] body = TestImages.concat(vp8x, vp8);
        assertThatThrownBy(() -> PhotoContent.clean(webp(new byte[0], body)))
                .isInstanceOf(Rejected.class).hasMessageContaining("larger than the 1×1 canvas");
    }

    @Test
    void refusesAStillWebpWhoseImageDoesNotFillItsCanvas() {
        // found by ImageFuzzIT: a 1x1 lossless image in a 1 x 100,000 canvas kept TwelveMonkeys' decoder busy for 15 s
        byte[] simple = TestImages.webpLossless();
        byte[] header = new byte[10];
        header[7] = (byte) 0x9F; header[8] = (byte) 0x86; header[9] = 0x01; // canvas height 100,000 (minus one)
        byte[] body = TestImages.concat(TestImages.riffChunk("VP8X", header), Arrays.copyOfRange(simple, 12, simple.length));
        assertThatThrownBy(() -> PhotoContent.clean(webp(new byte[0], body)))
                .isInstanceOf(Rejected.class).hasMessageContaining("does not fill its 1×100000 canvas");
    }

    @Test
    void abortsADecoderThatIgnoresBeingAbortedByFailingItsReads() throws Exception {
        // found by ImageFuzzIT: a 300-byte lossless WebP declaring 4000 x 4000 pixels (within every limit) with data for
        // one pixel. TwelveMonkeys' decoder reads on past the end (still at it after 30 s) and never checks
        // ImageReader.abort(): the slot stayed taken, the request came back only after the grace period.
        byte[] vp8l = Arrays.copyOfRange(TestImages.webpLossless(), 12, TestImages.webpLossless().length);
        long bits = (vp8l[9] & 0xFFL) | (vp8l[10] & 0xFFL) << 8 | (vp8l[11] & 0xFFL) << 16 | (vp8l[12] & 0xFFL) << 24;
        bits = (bits & ~0xFFF_FFFFL) | 3999L | (3999L << 14); // width and height 4000, each minus one
        for (int i = 0; i < 4; i++) {
            vp8l[9 + i] = (byte) (bits >> (8 * i));
        }
        Cleaned truncated = PhotoContent.clean(webp(new byte[0], vp8l));
        assertThat(truncated.width()).isEqualTo(4000);
        MediaProperties quick = new MediaProperties(Path.of("unused"), DataSize.ofMegabytes(10), 50_000_000L,
                DataSize.ofMegabytes(150), 320, 1, Duration.ofSeconds(1), Duration.ofMillis(200));
        DecodePool impatient = new DecodePool(quick);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.run(deadline -> new ImageProcessor(quick).thumbnail(truncated, deadline)))
                    .isInstanceOf(Rejected.class).hasMessageContaining("eventflow.media.decode-timeout");
            // generous bounds, far from what failed: 5 s of grace before the request gave up, 30 s and more of decoding
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> impatient.available() == 1);
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void dropsUnknownJpegMarkersThatCarryData() throws Exception {
        byte[] jpeg = TestImages.jpeg(20, 20);
        // a reserved marker (0xF0, a JPEG extension) with a payload, right after SOI
        byte[] hidden = TestImages.segment(0xF0, "HIDDEN-PAYLOAD".getBytes(StandardCharsets.ISO_8859_1));
        byte[] carrier = TestImages.concat(TestImages.concat(Arrays.copyOf(jpeg, 2), hidden), Arrays.copyOfRange(jpeg, 2, jpeg.length));
        byte[] cleaned = PhotoContent.clean(carrier).bytes();
        assertThat(indexOf(cleaned, "HIDDEN-PAYLOAD".getBytes(StandardCharsets.ISO_8859_1))).isNegative();
        assertThat(TestImages.decode(cleaned).getWidth()).isEqualTo(20);
    }

    /** A RIFF/WEBP file of {@code first}'s chunks (if any) followed by {@code more}. */
    private static byte[] webp(byte[] first, byte[] more) {
        byte[] chunks = first.length == 0 ? more : TestImages.concat(Arrays.copyOfRange(first, 12, first.length), more);
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(chunks.length + 4).put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        return TestImages.concat(header.array(), chunks);
    }

    @Test
    void keepsOnlyTheBaseNameOfAnUploadWithoutControlCharacters() {
        assertThat(PhotoService.sanitizedName("../../etc/passwd.png")).isEqualTo("passwd.png");
        assertThat(PhotoService.sanitizedName("C:\\photos\\a\u0000b\u202Egnp.jpg")).isEqualTo("abgnp.jpg");
        assertThat(PhotoService.sanitizedName("x".repeat(500))).hasSize(200);
        assertThat(PhotoService.sanitizedName("\n")).isNull();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
