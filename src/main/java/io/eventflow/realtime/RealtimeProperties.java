package io.eventflow.realtime;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;

/**
 * @param allowedOrigins   origins whose pages may open a WebSocket (empty: the UI's own origin only; clients
 *                         that send no Origin header, i.e. not browsers, are always allowed)
 * @param maxFrameSize     a larger incoming frame (in characters) is answered with an error frame
 * @param heartbeat        ping interval; below the 60 s read timeout of nginx and most proxies
 * @param idleTimeout      a connection that sends nothing (not even the pong) for this long is closed
 * @param maxQueuedFrames  frames waiting for a slow client before it is disconnected (1008)
 * @param sendTimeout      longest a single write to a client may block
 * @param availabilityDelay how long booking changes of one event are gathered into one {@code availability} push
 * @param bufferSize       each of a connection's I/O buffers (see {@link ConnectionBuffers}); what an idle
 *                         connection costs is mostly these
 * @param chat             chat limits
 * @param startingSoon     the {@code event_starting_soon} announcements on {@code /ws/events}
 */
@ConfigurationProperties("eventflow.realtime")
@Validated
record RealtimeProperties(List<String> allowedOrigins, DataSize maxFrameSize,
        @DurationMin(seconds = 1, message = "must be at least 1 second") Duration heartbeat,
        @DurationMin(seconds = 1, message = "must be at least 1 second") Duration idleTimeout,
        @Min(value = 1, message = "must be at least 1") Integer maxQueuedFrames,
        @DurationMin(millis = 1, message = "must be longer than zero") Duration sendTimeout,
        @DurationMin(message = "must not be negative") Duration availabilityDelay, DataSize bufferSize, @Valid Chat chat,
        @Valid StartingSoon startingSoon) {

    RealtimeProperties {
        allowedOrigins = allowedOrigins != null ? allowedOrigins : List.of();
        maxFrameSize = maxFrameSize != null ? maxFrameSize : DataSize.ofKilobytes(16);
        heartbeat = heartbeat != null ? heartbeat : Duration.ofSeconds(25);
        idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(90);
        maxQueuedFrames = maxQueuedFrames != null ? maxQueuedFrames : 1000;
        sendTimeout = sendTimeout != null ? sendTimeout : Duration.ofSeconds(10);
        availabilityDelay = availabilityDelay != null ? availabilityDelay : Duration.ofMillis(100);
        bufferSize = bufferSize != null ? bufferSize : DataSize.ofKilobytes(4);
        chat = chat != null ? chat : Chat.DEFAULTS;
        startingSoon = startingSoon != null ? startingSoon : StartingSoon.DEFAULTS;
    }

    /*
     * Checks across settings, or on types Bean Validation has no constraint for. Bean Validation reports them under
     * the method's property name, so each message names the settings themselves.
     */

    @AssertTrue(message = "eventflow.realtime.heartbeat must be shorter than eventflow.realtime.idle-timeout, "
            + "or idle connections are closed between two pings")
    boolean isHeartbeatWithinIdleTimeout() {
        return heartbeat.compareTo(idleTimeout) < 0;
    }

    @AssertTrue(message = "eventflow.realtime.max-frame-size must be between 1KB and 1MB")
    boolean isMaxFrameSizeInRange() {
        return maxFrameSize.toBytes() >= 1024 && maxFrameSize.toBytes() <= 1024 * 1024;
    }

    @AssertTrue(message = "eventflow.realtime.buffer-size must be between 1KB and 64KB")
    boolean isBufferSizeInRange() {
        return bufferSize.toBytes() >= 1024 && bufferSize.toBytes() <= 64 * 1024;
    }

    /**
     * @param maxLength      characters per message
     * @param history        messages sent on {@code join_chat}
     * @param burst          messages a user may send in a row ...
     * @param perTenSeconds  ... and then per ten seconds, across all nodes (buckets {@code chat-messages} and, with
     *                       the same numbers, {@code chat-joins} in the platform's rate-limit store)
     */
    record Chat(@Min(value = 1, message = "must be at least 1") Integer maxLength,
            @Min(value = 0, message = "must be 0 (no history) or more") Integer history,
            @Min(value = 1, message = "must be at least 1") Integer burst,
            @Min(value = 1, message = "must be at least 1") Integer perTenSeconds) {
        private static final int MAX_LENGTH = 2000;
        private static final int HISTORY = 50;
        private static final int BURST = 10;
        private static final int PER_TEN_SECONDS = 5;
        /** Every limit at its default, for when no {@code eventflow.realtime.chat.*} is set. */
        static final Chat DEFAULTS = new Chat(MAX_LENGTH, HISTORY, BURST, PER_TEN_SECONDS);

        Chat {
            maxLength = maxLength != null ? maxLength : MAX_LENGTH;
            history = history != null ? history : HISTORY;
            burst = burst != null ? burst : BURST;
            perTenSeconds = perTenSeconds != null ? perTenSeconds : PER_TEN_SECONDS;
        }
    }

    /**
     * @param window how long before its start an event is announced to everyone on {@code /ws/events}
     * @param every  how often the job looks for events entering the window (also in the {@code @Scheduled} of
     *               {@link StartingSoonAnnouncer}, which reads the property itself)
     */
    record StartingSoon(@DurationMin(minutes = 1, message = "must be at least 1 minute") Duration window,
            @DurationMin(seconds = 1, message = "must be at least 1 second") Duration every) {
        private static final Duration WINDOW = Duration.ofMinutes(30);
        private static final Duration EVERY = Duration.ofMinutes(1);
        /** Both at their defaults, for when no {@code eventflow.realtime.starting-soon.*} is set. */
        static final StartingSoon DEFAULTS = new StartingSoon(WINDOW, EVERY);

        StartingSoon {
            window = window != null ? window : WINDOW;
            every = every != null ? every : EVERY;
        }
    }
}
