-- Every notification to every user on every channel, with its delivery state: the in-app list, the delivery
-- status API and the e-mail job queue in one table. dedup_key makes planning idempotent: the same domain event
-- handled twice (after a crash, on another node) cannot notify twice.
CREATE TABLE notifications (
    id              UUID                     PRIMARY KEY,
    user_id         UUID                     NOT NULL,
    type            VARCHAR(32)              NOT NULL,
    channel         VARCHAR(16)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    details         VARCHAR(1000),
    event_id        UUID,
    recipient       VARCHAR(320),
    subject         VARCHAR(500),
    body_text       TEXT,
    body_html       TEXT,
    data            TEXT                     NOT NULL,
    dedup_key       VARCHAR(200)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    sent_at         TIMESTAMP WITH TIME ZONE,
    read_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_notifications_dedup UNIQUE (dedup_key),
    CONSTRAINT ck_notifications_channel CHECK (channel IN ('email', 'in_app')),
    CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX ix_notifications_user ON notifications (user_id, channel, created_at);
CREATE INDEX ix_notifications_due ON notifications (status, next_attempt_at);

CREATE TABLE notification_preferences (
    user_id  UUID        NOT NULL,
    type     VARCHAR(32) NOT NULL,
    channel  VARCHAR(16) NOT NULL,
    enabled  BOOLEAN     NOT NULL,
    PRIMARY KEY (user_id, type, channel)
);
