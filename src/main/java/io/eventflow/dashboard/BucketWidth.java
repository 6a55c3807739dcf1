package io.eventflow.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonValue;

import io.eventflow.platform.domain.InvalidInput;

/** The widths a chart's buckets may have, narrowest first; aligned on the Unix epoch, so in UTC. */
public enum BucketWidth {
    MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    QUARTER_HOUR("15m", Duration.ofMinutes(15)),
    HOUR("1h", Duration.ofHours(1)),
    SIX_HOURS("6h", Duration.ofHours(6)),
    DAY("1d", Duration.ofDays(1)),
    WEEK("7d", Duration.ofDays(7));

    /** An automatic width keeps a series at most this many buckets long, so a chart stays readable. */
    static final int AUTO_MAX_BUCKETS = 96;
    /** A width asked for may not cut the span into more buckets than this, so an answer stays small. */
    static final int MAX_BUCKETS = 2000;

    private final String wireName;
    private final Duration width;

    BucketWidth(String wireName, Duration width) {
        this.wireName = wireName;
        this.width = width;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Duration width() {
        return width;
    }

    /** How many buckets of this width the span from {@code from} to {@code to} touches. */
    long bucketsOver(Instant from, Instant to) {
        long seconds = width.getSeconds();
        return Math.floorDiv(to.getEpochSecond(), seconds) - Math.floorDiv(from.getEpochSecond(), seconds) + 1;
    }

    /** The narrowest width that cuts the span into at most {@link #AUTO_MAX_BUCKETS} buckets. */
    static BucketWidth auto(Instant from, Instant to) {
        for (BucketWidth candidate : values()) {
            if (candidate.bucketsOver(from, to) <= AUTO_MAX_BUCKETS) {
                return candidate;
            }
        }
        return WEEK;
    }

    /** The width a client named; null, empty or {@code auto} for none. Anything else is refused as input. */
    static @Nullable BucketWidth parse(@Nullable String value) {
        if (value == null || value.isBlank() || value.equals("auto")) {
            return null;
        }
        for (BucketWidth candidate : values()) {
            if (candidate.wireName.equals(value)) {
                return candidate;
            }
        }
        throw InvalidInput.field("bucket", "must be auto or one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(BucketWidth::wireName).collect(Collectors.joining(", "));
    }
}
