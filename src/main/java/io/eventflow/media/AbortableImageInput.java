package io.eventflow.media;

import java.io.IOException;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image held in memory, read by a decoder, that fails every read once {@link #abort()} is called.
 * <p>
 * <b>Why:</b> {@link javax.imageio.ImageReader#abort()} is only a request that each plugin checks where it chooses to.
 * TwelveMonkeys' lossless WebP decoder does not check it, and on a bitstream shorter than the size it declares it keeps
 * reading past the end, one byte at a time: 15 s for a 276-byte file found by {@code ImageFuzzIT}. A decoder cannot
 * go on without its input, so failing the reads stops every plugin that reads as it decodes.
 */
final class AbortableImageInput extends ImageInputStreamImpl {

    private final byte[] data;
    private volatile boolean aborted;

    AbortableImageInput(byte[] data) {
        this.data = data;
    }

    void abort() {
        aborted = true;
    }

    private void checkNotAborted() throws IIOException {
        if (aborted) {
            throw new IIOException("decoding aborted: the time limit passed");
        }
    }

    @Override
    public int read() throws IOException {
        checkNotAborted();
        bitOffset = 0;
        return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkNotAborted();
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", buffer " + buffer.length);
        }
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(length, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, buffer, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    @Override
    public boolean isCached() {
        return true;
    }

    @Override
    public boolean isCachedMemory() {
        return true;
    }
}
