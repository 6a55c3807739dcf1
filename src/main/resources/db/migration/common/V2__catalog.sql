-- The event catalog. Indexes for exact filters, ranges and sort keys are portable btrees; text and
-- partial-location search get trigram indexes in the PostgreSQL vendor migration.
CREATE TABLE events (
    id                UUID                     NOT NULL PRIMARY KEY,
    title             VARCHAR(200)             NOT NULL,
    description       VARCHAR(10000)           NOT NULL,
    category          VARCHAR(50),
    start_time        TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time          TIMESTAMP WITH TIME ZONE NOT NULL,
    timezone          VARCHAR(64)              NOT NULL,
    location          VARCHAR(300),
    latitude          DOUBLE PRECISION,
    longitude         DOUBLE PRECISION,
    geofence_radius_m INTEGER                  NOT NULL,
    capacity          INTEGER,
    price             NUMERIC(9, 2),
    currency          VARCHAR(3),
    organizer_id      UUID                     NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    popularity        INTEGER                  NOT NULL,
    seats_taken       INTEGER                  NOT NULL,
    -- lower-cased title, description and location; lower-casing can lengthen text (U+0130 becomes two characters)
    search_text       VARCHAR(21200)           NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT ck_events_time CHECK (end_time > start_time),
    CONSTRAINT ck_events_capacity CHECK (capacity IS NULL OR capacity >= 0),
    CONSTRAINT ck_events_status CHECK (status IN ('scheduled', 'cancelled')),
    CONSTRAINT ck_events_latitude CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    CONSTRAINT ck_events_longitude CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)
);

CREATE INDEX ix_events_start ON events (start_time, id);
CREATE INDEX ix_events_created ON events (created_at, id);
CREATE INDEX ix_events_popularity ON events (popularity, id);
CREATE INDEX ix_events_title ON events (title, id);
CREATE INDEX ix_events_price ON events (price, id);
CREATE INDEX ix_events_organizer ON events (organizer_id, start_time);
CREATE INDEX ix_events_category ON events (category, start_time);
CREATE INDEX ix_events_status ON events (status, start_time);
-- bounding-box prefilter of near= searches
CREATE INDEX ix_events_geo ON events (latitude, longitude);
