package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.paging.PageView;
import io.swagger.v3.oas.annotations.media.Schema;

/** A series as the API shows it: its rule and template, and a page of its occurrences (real events). */
@Schema(description = "A recurring event")
public record SeriesView(UUID id, UUID organizerId,
        @Schema(description = "The RFC 5545 rule, normalised (UNTIL in UTC)") String rrule,
        @Schema(description = "Days without an occurrence, in timezone") List<String> exdates,
        @Schema(description = "DTSTART: the first occurrence's start as the rule has it") Instant firstStart,
        String timezone, @Schema(description = "Length of each occurrence, minutes") long durationMinutes,
        Template template,
        @Schema(description = "Occurrences exist up to this start; later ones are created as time moves on")
        Instant materialisedUntil,
        @Schema(description = "true once the rule has no further occurrence to create") boolean complete,
        @Schema(description = "The occurrences, in the rule's order") PageView<EventView> occurrences,
        Instant createdAt, Instant updatedAt, long version) {

    /** What every new occurrence is written from (an occurrence changed on its own keeps its own values). */
    public record Template(String title, String description, @Nullable String category, @Nullable String location,
            @Nullable Double latitude, @Nullable Double longitude, int geofenceRadiusM, @Nullable Integer capacity,
            @Nullable BigDecimal price, @Nullable String currency) {
    }
}
