-- Bookings (and RSVPs, which are bookings). Seats are counted on the event row (catalog), locked per
-- booking transaction; this table holds who has which place.
CREATE TABLE bookings (
    id              UUID                     NOT NULL PRIMARY KEY,
    event_id        UUID                     NOT NULL,
    user_id         UUID                     NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    -- event and user while the booking is active, NULL once cancelled: one active booking per user and event
    -- (a portable stand-in for a partial unique index, which H2 lacks)
    active_key      VARCHAR(80),
    idempotency_key VARCHAR(100),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    cancelled_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_bookings_active UNIQUE (active_key),
    CONSTRAINT uk_bookings_idempotency UNIQUE (user_id, idempotency_key),
    CONSTRAINT ck_bookings_status CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    CONSTRAINT ck_bookings_kind CHECK (kind IN ('booking', 'rsvp'))
);
-- the waiting list of an event in arrival order (ids are time-ordered UUIDv7), and the event's booking list
CREATE INDEX ix_bookings_event_status ON bookings (event_id, status, id);
CREATE INDEX ix_bookings_user ON bookings (user_id, created_at);
