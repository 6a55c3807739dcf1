-- Chat history per event. Message text is limited by configuration (2,000 characters by default); the column
-- leaves room to raise that without a migration.
CREATE TABLE chat_messages (
    id          UUID                     PRIMARY KEY,
    event_id    UUID                     NOT NULL,
    user_id     UUID                     NOT NULL,
    username    VARCHAR(64)              NOT NULL,
    text        VARCHAR(8000)            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- ids are time-ordered (UUIDv7): (event_id, id) serves both "the last 50" and pages of history
CREATE INDEX ix_chat_messages_event ON chat_messages (event_id, id);
