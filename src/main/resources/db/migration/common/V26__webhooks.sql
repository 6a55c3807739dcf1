-- Webhooks for integrators: endpoints an organizer (or an admin, for every event) registers, and one delivery row per
-- domain event and matching endpoint, written after the change committed (from the outbox), so a crash loses none.
CREATE TABLE webhook_endpoints (
    id                      UUID                     NOT NULL PRIMARY KEY,
    owner_id                UUID                     NOT NULL,
    -- true: every event's news (admins only); false: only the events the owner organizes
    all_events              BOOLEAN                  NOT NULL,
    url                     VARCHAR(2000)            NOT NULL,
    description             VARCHAR(200),
    -- the event types subscribed to, comma-separated wire names (booking.confirmed,event.updated)
    event_types             VARCHAR(500)             NOT NULL,
    -- whsec_<base64>; kept readable because every delivery is signed with it
    secret                  VARCHAR(100)             NOT NULL,
    -- the secret before the last rotation, still signed with until previous_expires_at
    previous_secret         VARCHAR(100),
    previous_expires_at     TIMESTAMP WITH TIME ZONE,
    enabled                 BOOLEAN                  NOT NULL,
    consecutive_failures    INTEGER                  NOT NULL,
    disabled_reason         VARCHAR(500),
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_webhook_endpoints_owner ON webhook_endpoints (owner_id, created_at);
CREATE INDEX ix_webhook_endpoints_all ON webhook_endpoints (all_events, enabled);

CREATE TABLE webhook_deliveries (
    id                UUID                     NOT NULL PRIMARY KEY,
    endpoint_id       UUID                     NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- what caused it (type:id[:version]), unique per endpoint: the outbox may run a listener twice
    source_key        VARCHAR(200)             NOT NULL,
    -- the webhook-id header: the same for a resend, so a receiver can tell it already has the message
    message_id        VARCHAR(64)              NOT NULL,
    event_type        VARCHAR(40)              NOT NULL,
    payload           VARCHAR(20000)           NOT NULL,
    -- pending, delivered, failed
    status            VARCHAR(16)              NOT NULL,
    attempts          INTEGER                  NOT NULL,
    -- when a pending delivery is next tried; pushed ahead by a node that takes it (the lease)
    next_attempt_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_attempt_at   TIMESTAMP WITH TIME ZONE,
    status_code       INTEGER,
    duration_ms       BIGINT,
    error             VARCHAR(500),
    response_excerpt  VARCHAR(500),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_webhook_deliveries_source UNIQUE (endpoint_id, source_key)
);

-- the worker's scan for due deliveries, and the delivery log, newest first
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
