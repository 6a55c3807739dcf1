package io.eventflow.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

import org.springframework.stereotype.Component;

import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * Decodes a cleaned image (proving it is a real, complete picture) and makes its thumbnail. WebP is decoded by
 * TwelveMonkeys' ImageIO plugin; the JDK reads JPEG, PNG and GIF (the first frame of an animation).
 * <p>
 * The image is decoded with sub-sampling down to about twice the thumbnail size: every byte of the file is still
 * decoded (so truncation and corruption are found), but a 40-megapixel photo needs a few MB of pixels rather than
 * 160 MB. It runs on the {@link DecodePool}'s threads, which bound how many decodes run at once per node and for
 * how long: the reader is aborted when the job's deadline passes.
 */
@Component
class ImageProcessor {

    private final int thumbnailSize;

    ImageProcessor(MediaProperties properties) {
        this.thumbnailSize = properties.thumbnailSize();
    }

    record Thumbnail(byte[] bytes, PhotoContent.Kind kind, int width, int height) {
    }

    /** The thumbnail of a cleaned image; {@link PhotoContent.Rejected} if it does not decode. */
    Thumbnail thumbnail(PhotoContent.Cleaned image, DecodePool.Deadline deadline) throws PhotoContent.Rejected {
        try {
            BufferedImage decoded = decode(image, deadline);
            boolean alpha = decoded.getColorModel().hasAlpha();
            // JPEG for opaque pictures (small), PNG where transparency must survive
            PhotoContent.Kind kind = alpha ? PhotoContent.Kind.PNG : PhotoContent.Kind.JPEG;
            var builder = Thumbnails.of(decoded);
            int longSide = Math.max(decoded.getWidth(), decoded.getHeight());
            if (longSide > thumbnailSize) {
                builder.size(thumbnailSize, thumbnailSize);
            } else {
                builder.scale(1.0);
            }
            if (image.orientation() > 1) {
                builder.addFilter(ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(image.orientation())));
            }
            if (!alpha) {
                builder.imageType(BufferedImage.TYPE_INT_RGB);
            }
            BufferedImage thumb = builder.asBufferedImage();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(thumb, kind == PhotoContent.Kind.JPEG ? "jpeg" : "png", out)) {
                throw new IllegalStateException("No ImageIO writer for " + kind);
            }
            return new Thumbnail(out.toByteArray(), kind, thumb.getWidth(), thumb.getHeight());
        } catch (IOException e) {
            throw PhotoContent.Rejected.corrupt(image.kind(), "it cannot be decoded (" + e.getMessage() + ")");
        }
    }

    private BufferedImage decode(PhotoContent.Cleaned image, DecodePool.Deadline deadline)
            throws IOException, PhotoContent.Rejected {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(image.kind().format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + image.kind());
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        try (AbortableImageInput input = new AbortableImageInput(image.bytes());
                DecodePool.Alarm alarm = deadline.abortOnExpiry(reader, input)) {
            reader.setInput(input, true, true);
            if (reader.getWidth(0) != image.width() || reader.getHeight(0) != image.height()) {
                if (image.kind() != PhotoContent.Kind.GIF) { // a GIF's first frame may be smaller than its canvas
                    throw PhotoContent.Rejected.corrupt(image.kind(), "its headers disagree about its size");
                }
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(image.width(), image.height()) / (2 * thumbnailSize));
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage decoded = reader.read(0, param);
            if (deadline.passed() || decoded == null) { // aborted: a partial picture, or none
                throw PhotoContent.Rejected.tooSlow(deadline.timeout());
            }
            for (String warning : warnings) {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("premature") || w.contains("truncat") || w.contains("corrupt")) {
                    throw PhotoContent.Rejected.corrupt(image.kind(), warning);
                }
            }
            return decoded;
        } catch (IOException | RuntimeException e) { // some decoders fail on garbage with runtime exceptions
            if (deadline.passed()) { // an aborted reader fails in its own way: the reason is the time
                throw PhotoContent.Rejected.tooSlow(deadline.timeout());
            }
            throw e instanceof IOException io ? io : new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
