package io.eventflow.catalog;

import java.util.List;

/**
 * A search as a client states it, unparsed: the API and the web UI pass what they received, and the
 * catalog checks it the same way for both (unknown fields and malformed values are refused with 400).
 */
public record EventSearchRequest(String q, String location, String category, String organizerId, String from,
        String to, String near, Double radiusKm, List<String> where, String sort, Integer page, Integer size) {

    public static EventSearchRequest text(String q, String sort, Integer page, Integer size) {
        return new EventSearchRequest(q, null, null, null, null, null, null, null, null, sort, page, size);
    }
}
