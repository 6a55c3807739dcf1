-- Announcements made to everyone on /ws/events (realtime module), one row each. The key is the event at one start
-- time: inserting the row is how a node claims the announcement, so it is made once across nodes and restarts, and
-- an event moved to another start may be announced again.
CREATE TABLE public_announcements (
    event_id     UUID                     NOT NULL,
    start_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    kind         VARCHAR(32)              NOT NULL,
    announced_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_public_announcements PRIMARY KEY (event_id, start_time, kind)
);
-- each run reads what was already announced for the starts in its window
CREATE INDEX ix_public_announcements_start ON public_announcements (kind, start_time);
