package io.eventflow.realtime;

import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The last {@code availability} frame of each event seen on this node, so a client opening
 * {@code /ws/events/{id}} gets its first frame without two database reads: ten thousand clients connecting to
 * one event would otherwise read the same row ten thousand times. Every availability push passes through
 * {@link Connections#deliver} on every node (the relay carries them all), so the frame kept here is the one the
 * node's subscribed clients were last sent. Entries expire after a few seconds, which bounds how long a frame
 * lost by the relay (Redis pub/sub is at most once) could be handed out; an {@code event_updated} or
 * {@code event_deleted} drops the entry.
 */
@Component
class LastAvailability {

    private static final String AVAILABILITY = "{\"type\":\"availability\"";
    private static final String UPDATED = "{\"type\":\"event_updated\"";
    private static final String DELETED = "{\"type\":\"event_deleted\"";

    private final Cache<String, String> frames = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();
    /** When an event last changed in a way no availability frame shows (nanoTime), to refuse older reads. */
    private final Cache<String, Long> changed = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    /** Called for every frame delivered on this node, in the order the relay delivers them. */
    void seen(String topic, String frame) {
        if (!topic.startsWith("event:")) {
            return;
        }
        if (frame.startsWith(AVAILABILITY)) {
            frames.put(topic, frame);
        } else if (frame.startsWith(UPDATED) || frame.startsWith(DELETED)) {
            changed.put(topic, System.nanoTime());
            frames.invalidate(topic); // a new capacity changes the seats without a booking: read them afresh
        }
    }

    /** The last frame pushed for the event, or null when none is known here (then the caller reads the database). */
    @Nullable String frame(UUID eventId) {
        return frames.getIfPresent(Topics.event(eventId));
    }

    /**
     * A frame read from the database from {@code readStarted} (nanoTime) on; kept unless a pushed one arrived
     * meanwhile (that one is newer) or the event changed since the read began (the read may predate it).
     */
    void offer(UUID eventId, String frame, long readStarted) {
        String topic = Topics.event(eventId);
        Long lastChange = changed.getIfPresent(topic);
        if (lastChange == null || lastChange - readStarted < 0) {
            frames.asMap().putIfAbsent(topic, frame);
        }
    }
}
