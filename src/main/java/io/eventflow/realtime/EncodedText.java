package io.eventflow.realtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.WebSocketMessage;

/** A text frame whose UTF-8 bytes are encoded once, however many connections it goes to. */
final class EncodedText implements WebSocketMessage<String> {

    private final String text;
    private final ByteBuffer utf8;

    EncodedText(String text) {
        this.text = text;
        this.utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    @Override
    public String getPayload() {
        return text;
    }

    /** A view of its own for each write: writing moves the view's position. */
    ByteBuffer utf8() {
        return utf8.duplicate();
    }

    @Override
    public int getPayloadLength() {
        return utf8.remaining();
    }

    @Override
    public boolean isLast() {
        return true;
    }
}
