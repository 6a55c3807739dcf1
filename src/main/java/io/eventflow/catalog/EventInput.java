package io.eventflow.catalog;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonAlias;

import io.swagger.v3.oas.annotations.media.Schema;

/** An event as its organizer writes it, in the API and in the web UI alike. Limits are documented in the README. */
@Schema(description = "An event as written by its organizer. Times are ISO-8601; without an offset "
        + "(2026-12-01T10:00:00) they are read in the event's timezone.")
public record EventInput(
        @NotBlank @Size(max = EventDtos.MAX_TITLE) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) @JsonAlias("name")
        String title,
        @Size(max = EventDtos.MAX_DESCRIPTION) @Nullable String description,
        @Pattern(regexp = EventDtos.CATEGORY_PATTERN,
                message = "must be a slug of letters, digits and '-', at most 50 characters (e.g. tech-meetup)")
        @Nullable String category,
        @NotBlank @Schema(example = "2026-12-01T10:00:00Z") @JsonAlias("starting_time") String startTime,
        @NotBlank @Schema(example = "2026-12-01T12:00:00Z") String endTime,
        @Size(max = 64) @Schema(description = "IANA zone, default UTC", example = "Europe/Berlin")
        @Nullable String timezone,
        @Size(max = EventDtos.MAX_LOCATION) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) @Nullable String location,
        @DecimalMin("-90") @DecimalMax("90") @Nullable Double latitude,
        @DecimalMin("-180") @DecimalMax("180") @Nullable Double longitude,
        @Min(10) @Max(100_000) @Schema(description = "Arrival is accepted within this distance; default 200")
        @Nullable Integer geofenceRadiusM,
        @Min(0) @Max(1_000_000) @Schema(description = "null = unlimited") @Nullable Integer capacity,
        @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) @Nullable BigDecimal price,
        @Pattern(regexp = "[A-Za-z]{3}", message = "must be a three-letter ISO 4217 code") @Nullable String currency,
        @Pattern(regexp = "(?i)scheduled|cancelled", message = "must be scheduled or cancelled")
        @Nullable String status,
        @Schema(description = "On update: the version you read; a stale one is refused with 409")
        @Nullable Long version,
        @Pattern(regexp = "(?i)auto|offer", message = "must be auto or offer")
        @Schema(description = "What a freed seat does when the event is full: auto (default) confirms the first in line "
                + "at once; offer holds it for them until they accept or decline, or offer_ttl runs out")
        @Nullable String waitlistMode,
        @Size(max = 40) @Schema(description = "How long an offer stands, ISO-8601 (PT1M to P7D); default PT12H",
                example = "PT12H")
        @Nullable String offerTtl) {

    /**
     * Single-line fields take no control characters (line breaks, NUL, escape sequences) nor Unicode line and
     * paragraph separators: they go into mail subjects, calendar files and log lines, where a line break would start
     * a forged line.
     */
    static final String ONE_LINE = "[^\\p{Cc}\\p{Zl}\\p{Zp}]*";
    static final String ONE_LINE_MESSAGE = "must be a single line, without control characters";
}
