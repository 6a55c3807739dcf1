package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** Request and response bodies of the events API. Limits here are the documented ones (README). */
final class EventDtos {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_LOCATION = 300;
    static final int MAX_BATCH = 1000;
    static final String CATEGORY_PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,49}";

    private EventDtos() {
    }

    @Schema(description = "An event as written by its organizer. Times are ISO-8601; without an offset "
            + "(2026-12-01T10:00:00) they are read in the event's timezone.")
    record EventInput(
            @NotBlank @Size(max = MAX_TITLE) @JsonAlias("name") String title,
            @Size(max = MAX_DESCRIPTION) String description,
            @Pattern(regexp = CATEGORY_PATTERN, message = "must be a slug of letters, digits and '-', at most 50 characters (e.g. tech-meetup)") String category,
            @NotBlank @Schema(example = "2026-12-01T10:00:00Z") @JsonAlias("starting_time") String startTime,
            @NotBlank @Schema(example = "2026-12-01T12:00:00Z") String endTime,
            @Size(max = 64) @Schema(description = "IANA zone, default UTC", example = "Europe/Berlin") String timezone,
            @Size(max = MAX_LOCATION) String location,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Min(10) @Max(100_000) @Schema(description = "Arrival is accepted within this distance; default 200") Integer geofenceRadiusM,
            @Min(0) @Max(1_000_000) @Schema(description = "null = unlimited") Integer capacity,
            @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal price,
            @Pattern(regexp = "[A-Za-z]{3}", message = "must be a three-letter ISO 4217 code") String currency,
            @Pattern(regexp = "(?i)scheduled|cancelled", message = "must be scheduled or cancelled") String status,
            @Schema(description = "On update: the version you read; a stale one is refused with 409") Long version) {
    }

    record BatchRequest(@NotNull @Size(min = 1, max = MAX_BATCH) List<@Valid @NotNull EventInput> events) {
    }

    @Schema(description = "An event")
    record EventView(UUID id, String title, String description, String category, Instant startTime, Instant endTime,
            String timezone, String location, Double latitude, Double longitude, Integer geofenceRadiusM,
            Integer capacity, BigDecimal price, String currency, UUID organizerId, EventStatus status, int popularity,
            int seatsTaken, Integer seatsLeft, Instant createdAt, Instant updatedAt, long version,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Only with near=") Double distanceKm) {
    }

    record BatchView(List<EventView> items) {
    }
}
