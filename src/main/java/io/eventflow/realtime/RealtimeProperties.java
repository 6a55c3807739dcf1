package io.eventflow.realtime;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
record RealtimeProperties(List<String> allowedOrigins, DataSize maxFrameSize, Duration heartbeat, Duration idleTimeout,
        Integer maxQueuedFrames, Duration sendTimeout, Duration availabilityDelay, DataSize bufferSize, Chat chat,
        StartingSoon startingSoon) {

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

    /**
     * @param maxLength      characters per message
     * @param history        messages sent on {@code join_chat}
     * @param burst          messages a user may send in a row ...
     * @param perTenSeconds  ... and then per ten seconds, across all nodes (buckets {@code chat-messages} and, with
     *                       the same numbers, {@code chat-joins} in the platform's rate-limit store)
     */
    record Chat(Integer maxLength, Integer history, Integer burst, Integer perTenSeconds) {
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
    record StartingSoon(Duration window, Duration every) {
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
