package io.eventflow.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A search as a client states it, unparsed: the API and the web UI pass what they received, and the
 * catalog checks it the same way for both (unknown fields and malformed values are refused with 400).
 *
 * @param maxPrice events priced at most this (a decimal number, 0 or more); an event without a price counts as 0
 * @param free     true: only events without a price or priced 0; false or null: no condition
 */
public record EventSearchRequest(@Nullable String q, @Nullable String location, @Nullable String category,
        @Nullable String organizerId, @Nullable String from, @Nullable String to, @Nullable String near,
        @Nullable Double radiusKm, @Nullable List<String> where, @Nullable String sort, @Nullable Integer page,
        @Nullable Integer size, @Nullable String maxPrice, @Nullable Boolean free) {

    /** A search without the price filters (the form callers used before there were any). */
    public EventSearchRequest(@Nullable String q, @Nullable String location, @Nullable String category,
            @Nullable String organizerId, @Nullable String from, @Nullable String to, @Nullable String near,
            @Nullable Double radiusKm, @Nullable List<String> where, @Nullable String sort, @Nullable Integer page,
            @Nullable Integer size) {
        this(q, location, category, organizerId, from, to, near, radiusKm, where, sort, page, size, null, null);
    }

    public static EventSearchRequest text(@Nullable String q, @Nullable String sort, @Nullable Integer page,
            @Nullable Integer size) {
        return new EventSearchRequest(q, null, null, null, null, null, null, null, null, sort, page, size);
    }
}
