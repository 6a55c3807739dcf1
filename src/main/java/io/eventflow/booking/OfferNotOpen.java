package io.eventflow.booking;

import io.eventflow.platform.domain.Conflict;

/**
 * Accepting or declining a booking that has no open offer: accepted already, declined, expired, still waiting, or
 * never waiting. Nothing was changed.
 */
public class OfferNotOpen extends Conflict {
    public OfferNotOpen(String detail) {
        super(detail);
    }
}
