package io.eventflow.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * What an uploaded file really is, judged by its bytes alone (never by its name or declared type), and the same
 * image without its metadata.
 * <p>
 * <b>Why byte-level stripping rather than re-encoding:</b> walking the container (JPEG markers, PNG chunks, RIFF
 * chunks, GIF blocks) and copying only the image-data and colour structures keeps the pixels bit-for-bit (no
 * second lossy JPEG generation, no lost GIF/WebP/PNG animation, no lost ICC colours) and costs no decoding. Anything
 * not on a short allow-list is dropped, so unknown or private blocks cannot smuggle data through; bytes after the
 * format's end marker (a classic place for appended HTML/ZIP polyglots) are dropped too. The structure walk also
 * finds truncated files (no end marker, a chunk running past the end, a bad PNG CRC).
 * <ul>
 * <li>JPEG: keeps SOI, DQT, DHT, SOFn, DRI, SOS and scan data, EOI; APP0 JFIF (rewritten without its embedded
 * thumbnail), APP2 ICC_PROFILE (colours) and APP14 Adobe (needed to decode CMYK/YCCK colours). Drops APP1
 * (Exif incl. GPS, XMP), APP13 (Photoshop/IPTC), every other APPn and COM. The Exif orientation is the one
 * Exif value worth keeping (else portrait phone photos show sideways): it is written back as a minimal Exif
 * block holding that single tag.</li>
 * <li>PNG: keeps IHDR, PLTE, IDAT, IEND and the rendering chunks tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, pHYs,
 * cICP, mDCv, cLLi and APNG's acTL, fcTL, fdAT. Drops eXIf, tEXt, zTXt, iTXt, tIME and all other chunks.</li>
 * <li>WebP: keeps VP8X, VP8, VP8L, ALPH, ICCP, ANIM, ANMF; drops EXIF, XMP and others, clears the Exif and XMP
 * flags of VP8X and rewrites the RIFF size.</li>
 * <li>GIF: keeps the header, colour tables, image data, graphic-control and plain-text extensions and the
 * NETSCAPE2.0/ANIMEXTS1.0 looping extensions; drops comments and every other application extension.</li>
 * </ul>
 */
final class PhotoContent {

    private PhotoContent() {
    }

    enum Kind {
        JPEG("image/jpeg", "jpg", "jpeg"), PNG("image/png", "png", "png"), WEBP("image/webp", "webp", "webp"),
        GIF("image/gif", "gif", "gif");

        final String contentType;
        final String extension;
        /** The ImageIO format name of the decoder. */
        final String format;

        Kind(String contentType, String extension, String format) {
            this.contentType = contentType;
            this.extension = extension;
            this.format = format;
        }

        static Kind ofContentType(String contentType) {
            return Arrays.stream(values()).filter(k -> k.contentType.equals(contentType)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(contentType));
        }
    }

    /**
     * The cleaned image: its kind, canvas size, largest frame area, decoding cost, Exif orientation (1-8) and bytes.
     * The decoding cost ({@code decodedBytes}) is what a decoder has to produce for every frame, read from the headers:
     * pixels times the bytes of one pixel at the file's bit depth and channels (a PNG's exact unfiltered size).
     */
    record Cleaned(Kind kind, int width, int height, long largestFramePixels, long decodedBytes, int orientation,
            byte[] bytes) {
    }

    /** Why a file is refused: not one of the four formats, or one of them but broken. */
    static final class Rejected extends Exception {
        final boolean unsupported;
        private final String message;

        private Rejected(boolean unsupported, String message) {
            super(message, null, false, false);
            this.unsupported = unsupported;
            this.message = message;
        }

        /** Never null, unlike a {@link Throwable}'s in general: every Rejected is made with a message. */
        @Override
        public String getMessage() {
            return message;
        }

        static Rejected unsupported(String message) {
            return new Rejected(true, message);
        }

        static Rejected corrupt(Kind kind, String message) {
            return new Rejected(false, "The " + kind.name() + " image is truncated or corrupt: " + message);
        }

        /** A refusal for what the image would cost, not for what it is. */
        static Rejected tooCostly(String message) {
            return new Rejected(false, message);
        }

        static Rejected tooSlow(java.time.Duration timeout) {
            return new Rejected(false, "The image takes longer than " + timeout.toMillis() / 1000.0
                    + " s to decode (eventflow.media.decode-timeout)");
        }
    }

    /** The format announced by the file's first bytes, or null. */
    static @Nullable Kind sniff(byte[] d) {
        if (d.length >= 3 && u8(d, 0) == 0xFF && u8(d, 1) == 0xD8 && u8(d, 2) == 0xFF) {
            return Kind.JPEG;
        }
        if (d.length >= 8 && Arrays.equals(d, 0, 8, PNG_SIGNATURE, 0, 8)) {
            return Kind.PNG;
        }
        if (d.length >= 6 && (ascii(d, 0, 6).equals("GIF87a") || ascii(d, 0, 6).equals("GIF89a"))) {
            return Kind.GIF;
        }
        if (d.length >= 12 && ascii(d, 0, 4).equals("RIFF") && ascii(d, 8, 4).equals("WEBP")) {
            return Kind.WEBP;
        }
        return null;
    }

    static Cleaned clean(byte[] data) throws Rejected {
        Kind kind = sniff(data);
        if (kind == null) {
            throw Rejected.unsupported("The file is not a JPEG, PNG, WebP or GIF image (judged by its content)");
        }
        try {
            Cleaned cleaned = switch (kind) {
                case JPEG -> jpeg(data);
                case PNG -> png(data);
                case WEBP -> webp(data);
                case GIF -> gif(data);
            };
            if (cleaned.width() <= 0 || cleaned.height() <= 0) {
                throw Rejected.corrupt(kind, "it has no valid dimensions");
            }
            return cleaned;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw Rejected.corrupt(kind, "a structure runs past the end of the file");
        }
    }

    // ---------------------------------------------------------------- JPEG

    private static Cleaned jpeg(byte[] d) throws Rejected {
        Kind kind = Kind.JPEG;
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(0xFF);
        out.write(0xD8);
        int insertExifAt = 2;
        int pos = 2;
        int width = -1;
        int height = -1;
        int orientation = 1;
        long decodedBytes = 0;
        boolean first = true;
        while (true) {
            if (pos >= d.length) {
                throw Rejected.corrupt(kind, "it ends before its end-of-image marker");
            }
            if (u8(d, pos) != 0xFF) {
                throw Rejected.corrupt(kind, "expected a marker at byte " + pos);
            }
            while (pos < d.length && u8(d, pos) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos >= d.length) {
                throw Rejected.corrupt(kind, "it ends before its end-of-image marker");
            }
            int marker = u8(d, pos++);
            if (marker == 0xD9) { // EOI: anything after it is dropped
                out.write(0xFF);
                out.write(0xD9);
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // stand-alone markers
                out.write(0xFF);
                out.write(marker);
                continue;
            }
            if (marker == 0xD8 || marker == 0x00) {
                throw Rejected.corrupt(kind, "unexpected marker at byte " + (pos - 1));
            }
            int length = u16be(d, pos);
            if (length < 2 || pos + length > d.length) {
                throw Rejected.corrupt(kind, "a segment runs past the end of the file");
            }
            int dataStart = pos + 2;
            int dataLength = length - 2;
            boolean keep;
            byte[] replacement = null;
            if (marker == 0xE0) { // APP0
                keep = startsWith(d, dataStart, dataLength, "JFIF\0") && dataLength >= 14;
                if (keep) { // the JFIF header without its optional embedded thumbnail
                    replacement = Arrays.copyOfRange(d, dataStart, dataStart + 14);
                    replacement[12] = 0;
                    replacement[13] = 0;
                }
            } else if (marker == 0xE1) { // APP1: Exif or XMP
                if (startsWith(d, dataStart, dataLength, "Exif\0\0")) {
                    orientation = exifOrientation(d, dataStart + 6, dataStart + dataLength);
                }
                keep = false;
            } else if (marker == 0xE2) {
                keep = startsWith(d, dataStart, dataLength, "ICC_PROFILE\0");
            } else if (marker == 0xEE) {
                keep = startsWith(d, dataStart, dataLength, "Adobe");
            } else if (marker >= 0xE3 && marker <= 0xEF || marker == 0xFE) { // other APPn, COM
                keep = false;
            } else {
                // what a decoder needs (tables, restart interval, frame and scan headers); anything else — reserved
                // and extension markers included — is someone's data riding along, and dropped
                keep = isStartOfFrame(marker) || marker == 0xC4 || marker == 0xCC || marker == 0xDA || marker == 0xDB
                        || marker == 0xDC || marker == 0xDD;
                if (isStartOfFrame(marker)) {
                    if (dataLength < 6) {
                        throw Rejected.corrupt(kind, "the frame header is too short");
                    }
                    if (width >= 0) { // one frame per file (hierarchical JPEG aside, which no camera writes)
                        throw Rejected.corrupt(kind, "it has a second frame header");
                    }
                    int precision = u8(d, dataStart);
                    height = u16be(d, dataStart + 1);
                    width = u16be(d, dataStart + 3);
                    int components = u8(d, dataStart + 5);
                    decodedBytes = (long) width * height * components * (precision > 8 ? 2 : 1);
                }
            }
            if (keep) {
                byte[] payload = replacement != null ? replacement : Arrays.copyOfRange(d, dataStart, dataStart + dataLength);
                out.write(0xFF);
                out.write(marker);
                out.write((payload.length + 2) >> 8);
                out.write((payload.length + 2) & 0xFF);
                out.writeBytes(payload);
                if (first && marker == 0xE0) {
                    insertExifAt = out.size(); // Exif goes after JFIF's APP0, which must come first
                }
            }
            first = false;
            pos += length;
            if (marker == 0xDA) { // SOS: entropy-coded data up to the next real marker
                if (width < 0) {
                    throw Rejected.corrupt(kind, "scan data comes before the frame header");
                }
                int start = pos;
                while (true) {
                    if (pos + 1 >= d.length) {
                        throw Rejected.corrupt(kind, "it ends inside the image data");
                    }
                    if (u8(d, pos) == 0xFF) {
                        int next = u8(d, pos + 1);
                        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                            pos += 2;
                            continue;
                        }
                        break;
                    }
                    pos++;
                }
                out.write(d, start, pos - start);
            }
        }
        if (width < 0) {
            throw Rejected.corrupt(kind, "it has no frame header");
        }
        byte[] bytes = out.toByteArray();
        if (orientation != 1) {
            byte[] exif = minimalExif(orientation);
            byte[] withExif = new byte[bytes.length + exif.length];
            System.arraycopy(bytes, 0, withExif, 0, insertExifAt);
            System.arraycopy(exif, 0, withExif, insertExifAt, exif.length);
            System.arraycopy(bytes, insertExifAt, withExif, insertExifAt + exif.length, bytes.length - insertExifAt);
            bytes = withExif;
        }
        return new Cleaned(kind, width, height, (long) width * height, decodedBytes, orientation, bytes);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Tag 0x0112 of the Exif block's first IFD, 1 when absent or unreadable. */
    static int exifOrientation(byte[] d, int tiff, int end) {
        try {
            if (tiff + 8 > end) {
                return 1;
            }
            boolean little = d[tiff] == 'I' && d[tiff + 1] == 'I';
            if (!little && !(d[tiff] == 'M' && d[tiff + 1] == 'M')) {
                return 1;
            }
            long ifd = u32(d, tiff + 4, little);
            if (ifd < 8 || tiff + ifd + 2 > end) {
                return 1;
            }
            int p = (int) (tiff + ifd);
            int count = u16(d, p, little);
            for (int i = 0; i < count; i++) {
                int entry = p + 2 + i * 12;
                if (entry + 12 > end) {
                    return 1;
                }
                if (u16(d, entry, little) == 0x0112 && u16(d, entry + 2, little) == 3) {
                    int value = u16(d, entry + 8, little);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    /** An APP1 segment with an Exif block whose only tag is the orientation. */
    private static byte[] minimalExif(int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at offset 8
                0, 1, // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
                0, 0, 0, 0}; // no next IFD
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + header.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(header);
        out.writeBytes(tiff);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- PNG

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
            "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "mDCv", "cLLi", "acTL", "fcTL", "fdAT");

    private static Cleaned png(byte[] d) throws Rejected {
        Kind kind = Kind.PNG;
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, 8);
        int pos = 8;
        int width = -1;
        int height = -1;
        long largestFrame = 0;
        int bitsPerPixel = 0;
        long decodedBytes = 0;
        boolean imageData = false;
        boolean ended = false;
        while (pos < d.length) {
            if (pos + 12 > d.length) {
                throw Rejected.corrupt(kind, "a chunk header runs past the end of the file");
            }
            long length = u32(d, pos, false);
            String type = ascii(d, pos + 4, 4);
            if (length > d.length - pos - 12L) {
                throw Rejected.corrupt(kind, "chunk " + printable(type) + " runs past the end of the file");
            }
            int dataStart = pos + 8;
            int chunkEnd = dataStart + (int) length + 4;
            CRC32 crc = new CRC32();
            crc.update(d, pos + 4, 4 + (int) length);
            if (crc.getValue() != u32(d, dataStart + (int) length, false)) {
                throw Rejected.corrupt(kind, "chunk " + printable(type) + " has a bad checksum");
            }
            if (width < 0 && !type.equals("IHDR")) {
                throw Rejected.corrupt(kind, "it does not start with a header chunk");
            }
            if (type.equals("IHDR")) {
                if (length < 13) {
                    throw Rejected.corrupt(kind, "the header chunk is too short");
                }
                if (width >= 0) {
                    throw Rejected.corrupt(kind, "it has a second header chunk");
                }
                width = (int) Math.min(Integer.MAX_VALUE, u32(d, dataStart, false));
                height = (int) Math.min(Integer.MAX_VALUE, u32(d, dataStart + 4, false));
                largestFrame = (long) width * height;
                bitsPerPixel = pngBitsPerPixel(u8(d, dataStart + 8), u8(d, dataStart + 9));
                decodedBytes = pngRawSize(width, height, bitsPerPixel);
            } else if (type.equals("fcTL") && length >= 12) {
                long frameWidth = u32(d, dataStart + 4, false);
                long frameHeight = u32(d, dataStart + 8, false);
                largestFrame = Math.max(largestFrame, saturatedMultiply(frameWidth, frameHeight));
                if (imageData) { // an APNG frame after the default image (a control chunk before IDAT describes IDAT)
                    decodedBytes = saturatedAdd(decodedBytes, pngRawSize(frameWidth, frameHeight, bitsPerPixel));
                }
            } else if (type.equals("IDAT")) {
                imageData = true;
            }
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (PNG_KEPT.contains(type)) {
                out.write(d, pos, chunkEnd - pos);
            } else if (critical) {
                throw Rejected.corrupt(kind, "unknown critical chunk " + printable(type));
            }
            pos = chunkEnd;
            if (type.equals("IEND")) {
                ended = true;
                break; // anything after IEND is dropped
            }
        }
        if (!ended) {
            throw Rejected.corrupt(kind, "it ends before its IEND chunk");
        }
        return new Cleaned(kind, width, height, largestFrame, decodedBytes, 1, out.toByteArray());
    }

    /** Bits of one pixel for a valid bit depth and colour type (PNG table 11.1); a corrupt header otherwise. */
    private static int pngBitsPerPixel(int bitDepth, int colourType) throws Rejected {
        int channels = switch (colourType) {
            case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16 ? 1 : 0;
            case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 ? 1 : 0;
            case 2 -> bitDepth == 8 || bitDepth == 16 ? 3 : 0;
            case 4 -> bitDepth == 8 || bitDepth == 16 ? 2 : 0;
            case 6 -> bitDepth == 8 || bitDepth == 16 ? 4 : 0;
            default -> 0;
        };
        if (channels == 0) {
            throw Rejected.corrupt(Kind.PNG, "the header declares bit depth " + bitDepth + " with colour type " + colourType);
        }
        return channels * bitDepth;
    }

    /** What the PNG decoder inflates and unfilters: a filter byte and the packed pixels of every row. */
    private static long pngRawSize(long width, long height, int bitsPerPixel) {
        long row = saturatedAdd(1, (saturatedMultiply(width, bitsPerPixel) + 7) / 8);
        return saturatedMultiply(row, height);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    // ---------------------------------------------------------------- WebP

    /** Width and height a VP8 or VP8L bitstream declares. */
    private static int[] bitstreamSize(byte[] d, String type, int dataStart, long size) throws Rejected {
        if (dataStart + 10 > d.length) {
            throw Rejected.corrupt(Kind.WEBP, "a " + type.trim() + " frame is cut off");
        }
        if (type.equals("VP8 ")) {
            if (size < 10 || u8(d, dataStart + 3) != 0x9D || u8(d, dataStart + 4) != 0x01 || u8(d, dataStart + 5) != 0x2A) {
                throw Rejected.corrupt(Kind.WEBP, "the VP8 frame header is invalid");
            }
            return new int[] {u16(d, dataStart + 6, true) & 0x3FFF, u16(d, dataStart + 8, true) & 0x3FFF};
        }
        if (size < 5 || u8(d, dataStart) != 0x2F) {
            throw Rejected.corrupt(Kind.WEBP, "the lossless header is invalid");
        }
        long bits = u32(d, dataStart + 1, true);
        return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1};
    }

    /** A frame may not be larger than the canvas it is drawn on; returns its area. */
    private static long checkedFrame(int[] frame, int canvasWidth, int canvasHeight) throws Rejected {
        if (frame[0] > canvasWidth || frame[1] > canvasHeight) {
            throw Rejected.corrupt(Kind.WEBP, "a frame of " + frame[0] + "×" + frame[1] + " is larger than the "
                    + canvasWidth + "×" + canvasHeight + " canvas");
        }
        return (long) frame[0] * frame[1];
    }

    private static final Set<String> WEBP_KEPT = Set.of("VP8X", "VP8 ", "VP8L", "ALPH", "ICCP", "ANIM", "ANMF");

    private static Cleaned webp(byte[] d) throws Rejected {
        Kind kind = Kind.WEBP;
        long riffEnd = 8 + u32(d, 4, true);
        if (riffEnd > d.length) {
            throw Rejected.corrupt(kind, "the RIFF container is longer than the file");
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream(d.length);
        int pos = 12;
        int width = -1;
        int height = -1;
        long largestFrame = 0;
        long animationFrames = 0; // pixels of all ANMF frames
        boolean animated = false;
        boolean image = false;
        while (pos + 8 <= riffEnd) {
            String type = ascii(d, pos, 4);
            long size = u32(d, pos + 4, true);
            long padded = size + (size & 1);
            if (pos + 8 + size > riffEnd) {
                throw Rejected.corrupt(kind, "chunk " + printable(type) + " runs past the end of the file");
            }
            int dataStart = pos + 8;
            int chunkEnd = (int) Math.min(riffEnd, dataStart + padded);
            if (pos == 12) { // the first chunk says which layout this is and how large the canvas is
                if (type.equals("VP8X")) {
                    if (size < 10) {
                        throw Rejected.corrupt(kind, "the extended header is too short");
                    }
                    animated = (u8(d, dataStart) & 0x02) != 0;
                    width = 1 + u24le(d, dataStart + 4);
                    height = 1 + u24le(d, dataStart + 7);
                } else if (type.equals("VP8 ") || type.equals("VP8L")) {
                    int[] frame = bitstreamSize(d, type, dataStart, size);
                    width = frame[0];
                    height = frame[1];
                } else {
                    throw Rejected.corrupt(kind, "it starts with an unknown chunk " + printable(type));
                }
                largestFrame = (long) width * height;
            } else if (type.equals("VP8X")) {
                // only ever first; a later one is malformed (and each would be work for the cleaner)
                throw Rejected.corrupt(kind, "it has a second extended header");
            } else if (type.equals("VP8 ") || type.equals("VP8L")) {
                // the decoder sizes its buffers from the bitstream, not from the canvas: both are checked
                int[] frame = bitstreamSize(d, type, dataStart, size);
                largestFrame = Math.max(largestFrame, checkedFrame(frame, width, height));
                if (!animated && (frame[0] != width || frame[1] != height)) {
                    // libwebp (so every browser) refuses this too; TwelveMonkeys' decoder spent 15 s on a 1x1 image
                    // in a 1x100000 canvas (ImageFuzzIT)
                    throw Rejected.corrupt(kind, "its " + frame[0] + "×" + frame[1] + " image does not fill its "
                            + width + "×" + height + " canvas");
                }
            } else if (type.equals("ANMF") && size >= 24) {
                long area = (long) (1 + u24le(d, dataStart + 6)) * (1 + u24le(d, dataStart + 9));
                largestFrame = Math.max(largestFrame, area);
                animationFrames = saturatedAdd(animationFrames, area);
                String inner = ascii(d, dataStart + 16, 4);
                if (inner.equals("ALPH") && size >= 32) { // alpha first, then the frame's bitstream
                    long alpha = u32(d, dataStart + 20, true);
                    long next = dataStart + 24 + alpha + (alpha & 1);
                    if (next + 8 <= dataStart + size) {
                        inner = ascii(d, (int) next, 4);
                        if (inner.equals("VP8 ") || inner.equals("VP8L")) {
                            largestFrame = Math.max(largestFrame, checkedFrame(
                                    bitstreamSize(d, inner, (int) next + 8, u32(d, (int) next + 4, true)), width, height));
                        }
                    }
                } else if (inner.equals("VP8 ") || inner.equals("VP8L")) {
                    largestFrame = Math.max(largestFrame, checkedFrame(
                            bitstreamSize(d, inner, dataStart + 24, u32(d, dataStart + 20, true)), width, height));
                }
            }
            image |= type.equals("VP8 ") || type.equals("VP8L") || type.equals("ANMF");
            if (WEBP_KEPT.contains(type)) {
                chunks.write(d, pos, chunkEnd - pos);
                if ((chunkEnd - dataStart) < padded) {
                    chunks.write(0); // restore the padding byte of a last chunk cut at the container's end
                }
            }
            pos = (int) Math.min(riffEnd, dataStart + padded);
        }
        if (!image) {
            throw Rejected.corrupt(kind, "it holds no image data");
        }
        byte[] body = chunks.toByteArray();
        if (ascii(body, 0, 4).equals("VP8X")) {
            body[8] &= (byte) ~(0x08 | 0x04); // the extended header's flags: no Exif, no XMP any more
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 12);
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        long riffSize = 4L + body.length;
        out.write((int) (riffSize & 0xFF));
        out.write((int) ((riffSize >> 8) & 0xFF));
        out.write((int) ((riffSize >> 16) & 0xFF));
        out.write((int) ((riffSize >> 24) & 0xFF));
        out.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        // decoded as 32-bit pixels: the canvas of a still image, every frame of an animation
        long decodedBytes = saturatedMultiply(animationFrames > 0 ? animationFrames : (long) width * height, 4);
        return new Cleaned(kind, width, height, largestFrame, decodedBytes, 1, out.toByteArray());
    }

    // ---------------------------------------------------------------- GIF

    private static Cleaned gif(byte[] d) throws Rejected {
        Kind kind = Kind.GIF;
        if (d.length < 13) {
            throw Rejected.corrupt(kind, "the header is too short");
        }
        int width = u16(d, 6, true);
        int height = u16(d, 8, true);
        long largestFrame = (long) width * height;
        int flags = u8(d, 10);
        int pos = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
        if (pos > d.length) {
            throw Rejected.corrupt(kind, "the colour table runs past the end of the file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, pos);
        boolean frame = false;
        long decodedBytes = 0; // one byte (a colour index) per pixel of every frame
        while (true) {
            if (pos >= d.length) {
                throw Rejected.corrupt(kind, "it ends before its trailer");
            }
            int block = u8(d, pos);
            if (block == 0x3B) {
                out.write(0x3B);
                break; // anything after the trailer is dropped
            }
            int start = pos;
            boolean keep;
            if (block == 0x2C) {
                if (pos + 10 > d.length) {
                    throw Rejected.corrupt(kind, "an image descriptor runs past the end of the file");
                }
                long area = (long) u16(d, pos + 5, true) * u16(d, pos + 7, true);
                largestFrame = Math.max(largestFrame, area);
                decodedBytes += area;
                int local = u8(d, pos + 9);
                pos += 10 + ((local & 0x80) != 0 ? 3 * (1 << ((local & 7) + 1)) : 0);
                pos += 1; // LZW minimum code size
                pos = skipSubBlocks(d, pos, kind);
                keep = true;
                frame = true;
            } else if (block == 0x21) {
                if (pos + 2 > d.length) {
                    throw Rejected.corrupt(kind, "an extension runs past the end of the file");
                }
                int label = u8(d, pos + 1);
                keep = switch (label) {
                    case 0xF9, 0x01 -> true; // graphic control (frame timing, transparency), plain text
                    case 0xFF -> {
                        String application = pos + 14 <= d.length && u8(d, pos + 2) == 11 ? ascii(d, pos + 3, 11) : "";
                        yield application.equals("NETSCAPE2.0") || application.equals("ANIMEXTS1.0");
                    }
                    default -> false; // 0xFE comments and anything unknown
                };
                pos = skipSubBlocks(d, pos + 2, kind);
            } else {
                throw Rejected.corrupt(kind, "unknown block 0x" + Integer.toHexString(block) + " at byte " + pos);
            }
            if (keep) {
                out.write(d, start, pos - start);
            }
        }
        if (!frame) {
            throw Rejected.corrupt(kind, "it holds no image");
        }
        return new Cleaned(kind, width, height, largestFrame, decodedBytes, 1, out.toByteArray());
    }

    private static int skipSubBlocks(byte[] d, int pos, Kind kind) throws Rejected {
        while (true) {
            if (pos >= d.length) {
                throw Rejected.corrupt(kind, "data runs past the end of the file");
            }
            int size = u8(d, pos);
            pos += 1 + size;
            if (size == 0) {
                return pos;
            }
        }
    }

    // ---------------------------------------------------------------- bytes

    private static int u8(byte[] d, int pos) {
        return d[pos] & 0xFF;
    }

    private static int u16be(byte[] d, int pos) {
        return (u8(d, pos) << 8) | u8(d, pos + 1);
    }

    private static int u16(byte[] d, int pos, boolean little) {
        return little ? u8(d, pos) | (u8(d, pos + 1) << 8) : u16be(d, pos);
    }

    private static int u24le(byte[] d, int pos) {
        return u8(d, pos) | (u8(d, pos + 1) << 8) | (u8(d, pos + 2) << 16);
    }

    private static long u32(byte[] d, int pos, boolean little) {
        return little
                ? (u8(d, pos) | (u8(d, pos + 1) << 8) | (u8(d, pos + 2) << 16) | ((long) u8(d, pos + 3) << 24))
                : (((long) u8(d, pos) << 24) | (u8(d, pos + 1) << 16) | (u8(d, pos + 2) << 8) | u8(d, pos + 3));
    }

    private static String ascii(byte[] d, int pos, int length) {
        return new String(d, pos, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] d, int pos, int available, String prefix) {
        return available >= prefix.length() && ascii(d, pos, prefix.length()).equals(prefix);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? "'" + type + "'" : "(unreadable)";
    }
}
