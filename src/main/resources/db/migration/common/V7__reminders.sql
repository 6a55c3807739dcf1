-- One row per reminder sent: the unique key makes sending idempotent across nodes and restarts.
CREATE TABLE reminders (
    id          UUID                     PRIMARY KEY,
    event_id    UUID                     NOT NULL,
    user_id     UUID                     NOT NULL,
    kind        VARCHAR(32)              NOT NULL,
    event_start TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_reminders UNIQUE (event_id, user_id, kind)
);
CREATE INDEX ix_reminders_user ON reminders (user_id, sent_at);
