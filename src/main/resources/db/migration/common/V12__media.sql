-- Media: event photos. The files live in the PhotoStore under generated keys; this table holds what the API shows
-- and where the files are. No foreign key to events: modules do not share tables (a deleted event's photos are
-- removed by the media module's listener, in the deleting transaction).
CREATE TABLE photos (
    id             UUID         NOT NULL PRIMARY KEY,
    event_id       UUID         NOT NULL,
    uploader_id    UUID         NOT NULL,
    content_type   VARCHAR(20)  NOT NULL,
    width          INTEGER      NOT NULL,
    height         INTEGER      NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    storage_key    VARCHAR(100) NOT NULL,
    thumbnail_key  VARCHAR(100) NOT NULL,
    thumbnail_type VARCHAR(20)  NOT NULL,
    original_name  VARCHAR(255),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the gallery of an event, newest first
CREATE INDEX photos_event_created ON photos (event_id, created_at DESC, id DESC);
