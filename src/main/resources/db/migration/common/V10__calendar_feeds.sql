-- A private calendar feed per user: the URL carries a random token; only its SHA-256 is stored.
CREATE TABLE calendar_feeds (
    user_id     UUID                     PRIMARY KEY,
    token_hash  VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_calendar_feeds_token UNIQUE (token_hash)
);
