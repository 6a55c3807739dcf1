package io.eventflow.catalog;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Limits of event fields (documented in the README) and the batch bodies of the events API. */
public final class EventDtos {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 10_000;
    public static final int MAX_LOCATION = 300;
    public static final int MAX_BATCH = 1000;
    public static final String CATEGORY_PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,49}";

    private EventDtos() {
    }

    record BatchRequest(@NotNull @Size(min = 1, max = MAX_BATCH) List<@Valid @NotNull EventInput> events) {
    }

    record BatchView(List<EventView> items) {
    }
}
