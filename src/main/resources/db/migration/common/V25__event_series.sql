-- Recurring events: a series is a template plus an RFC 5545 recurrence rule; each occurrence is a row of events of
-- its own (its own capacity, bookings, number), tied to the series by series_id and to the rule by recurrence_id,
-- the start the rule gave it (RFC 5545 RECURRENCE-ID), which stays when the occurrence alone is moved.
CREATE TABLE event_series (
    id                UUID                     NOT NULL PRIMARY KEY,
    organizer_id      UUID                     NOT NULL,
    -- the rule as normalised by ical4j (UNTIL in UTC), without the RRULE: prefix
    rrule             VARCHAR(1000)            NOT NULL,
    -- excluded starts: local date-times (2026-12-24T19:00) or whole local days (2026-12-24), comma-separated
    exdates           VARCHAR(8000)            NOT NULL,
    -- DTSTART: the first occurrence's start and its wall-clock zone; every occurrence keeps that local time of day
    first_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    timezone          VARCHAR(64)              NOT NULL,
    duration_seconds  BIGINT                   NOT NULL,
    title             VARCHAR(200)             NOT NULL,
    description       VARCHAR(10000)           NOT NULL,
    category          VARCHAR(50),
    location          VARCHAR(300),
    latitude          DOUBLE PRECISION,
    longitude         DOUBLE PRECISION,
    geofence_radius_m INTEGER                  NOT NULL,
    capacity          INTEGER,
    price             NUMERIC(9, 2),
    currency          VARCHAR(3),
    -- the last start the rule was expanded to (occurrences after it do not exist yet); complete once the rule ends
    materialised_until TIMESTAMP WITH TIME ZONE NOT NULL,
    complete          BOOLEAN                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT ck_event_series_duration CHECK (duration_seconds > 0)
);
-- what the materialising job reads: the series whose rule goes on
CREATE INDEX ix_event_series_open ON event_series (complete, materialised_until);
CREATE INDEX ix_event_series_organizer ON event_series (organizer_id);

ALTER TABLE events ADD COLUMN series_id UUID;
ALTER TABLE events ADD COLUMN recurrence_id TIMESTAMP WITH TIME ZONE;
ALTER TABLE events ADD CONSTRAINT fk_events_series FOREIGN KEY (series_id) REFERENCES event_series (id);
-- one event per occurrence, whichever node materialises it; also the index behind a series' occurrence list
ALTER TABLE events ADD CONSTRAINT uq_events_occurrence UNIQUE (series_id, recurrence_id);
