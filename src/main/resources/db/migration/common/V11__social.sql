-- Who follows whom. The primary key makes following idempotent; the second index serves "followers of".
CREATE TABLE follows (
    follower_id UUID                     NOT NULL,
    followee_id UUID                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX ix_follows_followee ON follows (followee_id, created_at);

-- What users did, as the activity feed shows it. Ids are time-ordered (UUIDv7), so they order the feed.
-- dedup_key makes recording an activity idempotent when a domain event is delivered again.
-- Only public facts are stored: which event, never the booking, its status or its ticket.
CREATE TABLE activities (
    id              UUID                     PRIMARY KEY,
    dedup_key       VARCHAR(120)             NOT NULL,
    type            VARCHAR(32)              NOT NULL,
    actor_id        UUID                     NOT NULL,
    event_id        UUID,
    event_title     VARCHAR(200),
    subject_user_id UUID,
    photo_id        UUID,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_activities_dedup UNIQUE (dedup_key)
);
CREATE INDEX ix_activities_actor ON activities (actor_id, id);
CREATE INDEX ix_activities_event ON activities (event_id);
CREATE INDEX ix_activities_subject ON activities (subject_user_id);

-- Fan-out on write: one row per reader of an activity (its actor, the actor's followers, the user a follow
-- names), so reading a page of a feed is one range scan of (owner_id, activity_id) however many people the
-- reader follows. actor_id is repeated here so unfollowing removes that person's entries from one feed by index.
CREATE TABLE feed_entries (
    owner_id    UUID NOT NULL,
    activity_id UUID NOT NULL,
    actor_id    UUID NOT NULL,
    PRIMARY KEY (owner_id, activity_id),
    CONSTRAINT fk_feed_entries_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE
);
CREATE INDEX ix_feed_entries_owner_actor ON feed_entries (owner_id, actor_id);
CREATE INDEX ix_feed_entries_activity ON feed_entries (activity_id);
