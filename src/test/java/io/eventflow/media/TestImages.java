package io.eventflow.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Real images made in the test, with metadata planted by hand where the stripping is to be proven. */
final class TestImages {

    /** Text planted in metadata; it must never come back from the server. */
    static final String SECRET = "GPS-SECRET-32.0636N";

    private TestImages() {
    }

    static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) { // detail, so that a thumbnail is really smaller than the photo
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 5 + random.nextInt(60), 5 + random.nextInt(60));
        }
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height, true), "png");
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpeg");
    }

    /**
     * A JPEG carrying an Exif APP1 segment (orientation, a GPS IFD with latitude and a description holding
     * {@link #SECRET}), an XMP APP1 segment and a comment, all right after the JFIF APP0 segment.
     */
    static byte[] jpegWithGps(int width, int height, int orientation) {
        byte[] plain = jpeg(width, height);
        int app0End = 2 + 2 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF)); // SOI, then APP0 written by ImageIO
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, app0End);
        out.writeBytes(segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff(orientation))));
        out.writeBytes(segment(0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\""
                + SECRET + "\"/></x:xmpmeta>").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(segment(0xFE, ("comment " + SECRET).getBytes(StandardCharsets.UTF_8)));
        out.write(plain, app0End, plain.length - app0End);
        return out.toByteArray();
    }

    /** Big-endian TIFF: IFD0 {ImageDescription, Orientation, GPSInfo -> GPS IFD {LatitudeRef N, Latitude 32/1 3/1 49/1}}. */
    private static byte[] exifTiff(int orientation) {
        byte[] description = (SECRET + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        int ifd0 = 8;
        int ifd0Size = 2 + 3 * 12 + 4;
        int gpsIfd = ifd0 + ifd0Size;
        int gpsIfdSize = 2 + 2 * 12 + 4;
        int descriptionAt = gpsIfd + gpsIfdSize;
        int rationalsAt = descriptionAt + description.length;
        b.putShort((short) 3);
        b.putShort((short) 0x010E).putShort((short) 2).putInt(description.length).putInt(descriptionAt);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        b.putInt(0);
        b.putShort((short) 2);
        b.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        b.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(rationalsAt);
        b.putInt(0);
        b.put(description);
        b.putInt(32).putInt(1).putInt(3).putInt(1).putInt(49).putInt(1);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** A PNG with tEXt, iTXt, tIME and eXIf chunks after IHDR, each holding {@link #SECRET} (tIME aside). */
    static byte[] pngWithMetadata(int width, int height) {
        byte[] plain = png(width, height);
        int ihdrEnd = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, ihdrEnd);
        out.writeBytes(chunk("tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1)));
        out.writeBytes(chunk("iTXt", ("XML:com.adobe.xmp\0\0\0\0\0" + SECRET).getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(chunk("tIME", new byte[] {0x07, (byte) 0xEA, 11, 22, 10, 0, 0}));
        out.writeBytes(chunk("eXIf", exifTiff(1)));
        out.write(plain, ihdrEnd, plain.length - ihdrEnd);
        return out.toByteArray();
    }

    /** A GIF with a comment extension and an unknown application extension before its trailer. */
    static byte[] gifWithComment(int width, int height) {
        byte[] plain = encode(picture(width, height, false), "gif");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, plain.length - 1);
        byte[] comment = SECRET.getBytes(StandardCharsets.ISO_8859_1);
        out.write(0x21);
        out.write(0xFE);
        out.write(comment.length);
        out.writeBytes(comment);
        out.write(0);
        out.write(0x21);
        out.write(0xFF);
        out.write(11);
        out.writeBytes("XMP DataXMP".getBytes(StandardCharsets.ISO_8859_1));
        out.write(comment.length);
        out.writeBytes(comment);
        out.write(0);
        out.write(0x3B);
        return out.toByteArray();
    }

    /** A 1x1 lossy WebP (the usual feature-detection sample). */
    static byte[] webpLossy() {
        return Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    }

    /** A 1x1 lossless WebP. */
    static byte[] webpLossless() {
        return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }

    /** The lossy sample in the extended layout: VP8X announcing Exif and XMP, the VP8 chunk, EXIF and XMP chunks. */
    static byte[] webpWithExif() {
        byte[] simple = webpLossy();
        byte[] vp8 = java.util.Arrays.copyOfRange(simple, 12, simple.length);
        byte[] vp8x = riffChunk("VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] exif = riffChunk("EXIF", exifTiff(1));
        byte[] xmp = riffChunk("XMP ", ("<x:xmpmeta>" + SECRET + "</x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
        byte[] body = concat(concat("WEBP".getBytes(StandardCharsets.ISO_8859_1), vp8x), concat(vp8, concat(exif, xmp)));
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length);
        return concat(header.array(), body);
    }

    /**
     * A PNG of one flat colour, {@code bitDepth} 8 or 16, RGBA, whatever its size: rows of zeros deflate about 1000:1,
     * so 6320 x 6320 at 16 bits (320 MB of pixels) is a file of about 310 KB — the decompression bomb of issue 18.
     */
    static byte[] flatPng(int width, int height, int bitDepth) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[1 + width * 4 * (bitDepth / 8)]; // filter type 0, then the samples
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        byte[] data = idat.toByteArray();
        for (int at = 0; at < data.length; at += 1 << 16) { // IDAT chunks of 64 KB, as encoders write them
            out.writeBytes(chunk("IDAT", java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + (1 << 16)))));
        }
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    static byte[] riffChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data);
        return b.array();
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

    static byte[] segment(int marker, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xFF);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
