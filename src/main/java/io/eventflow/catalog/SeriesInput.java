package io.eventflow.catalog;

import java.math.BigDecimal;
import java.util.List;

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

/** A recurring event as its organizer writes it: an event's fields for the first occurrence, plus the rule. */
@Schema(description = "A recurring event: the fields of an event (start_time and end_time are the first "
        + "occurrence's, read in timezone when they carry no offset) and an RFC 5545 recurrence rule")
public record SeriesInput(
        @NotBlank @Size(max = EventDtos.MAX_TITLE) @Pattern(regexp = EventInput.ONE_LINE, message = EventInput.ONE_LINE_MESSAGE) @JsonAlias("name")
        String title,
        @Size(max = EventDtos.MAX_DESCRIPTION) @Nullable String description,
        @Pattern(regexp = EventDtos.CATEGORY_PATTERN,
                message = "must be a slug of letters, digits and '-', at most 50 characters (e.g. tech-meetup)")
        @Nullable String category,
        @NotBlank @Schema(description = "The first occurrence's start; every occurrence keeps its wall-clock time in timezone",
                example = "2027-03-02T19:00:00") String startTime,
        @NotBlank @Schema(description = "The first occurrence's end: gives every occurrence's length", example = "2027-03-02T21:00:00")
        String endTime,
        @Size(max = 64) @Schema(description = "IANA zone the rule runs in, default UTC", example = "Europe/Berlin")
        @Nullable String timezone,
        @Size(max = EventDtos.MAX_LOCATION) @Pattern(regexp = EventInput.ONE_LINE, message = EventInput.ONE_LINE_MESSAGE) @Nullable String location,
        @DecimalMin("-90") @DecimalMax("90") @Nullable Double latitude,
        @DecimalMin("-180") @DecimalMax("180") @Nullable Double longitude,
        @Min(10) @Max(100_000) @Nullable Integer geofenceRadiusM,
        @Min(0) @Max(1_000_000) @Schema(description = "Seats of each occurrence; null = unlimited") @Nullable Integer capacity,
        @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) @Nullable BigDecimal price,
        @Pattern(regexp = "[A-Za-z]{3}", message = "must be a three-letter ISO 4217 code") @Nullable String currency,
        @NotBlank @Size(max = Recurrence.MAX_LENGTH)
        @Schema(description = "RFC 5545 RRULE value: FREQ DAILY, WEEKLY, MONTHLY or YEARLY; UNTIL, COUNT or neither",
                example = "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630") String rrule,
        @Size(max = Recurrence.MAX_EXDATES)
        @Schema(description = "Days without an occurrence, in timezone (2027-04-01; a date-time counts as its day)")
        @Nullable List<@Size(max = 40) String> exdates,
        @Schema(description = "On a change: the series version you read; a stale one is refused with 409")
        @Nullable Long version) {

    EventInput firstOccurrence() {
        return new EventInput(title, description, category, startTime, endTime, timezone, location, latitude, longitude,
                geofenceRadiusM, capacity, price, currency, null, null, null, null);
    }

    List<String> exdateList() {
        return exdates == null ? List.of() : exdates;
    }
}
