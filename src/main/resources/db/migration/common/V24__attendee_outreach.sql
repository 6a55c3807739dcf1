-- Talking to attendees (issue 20, part 3).

-- Whether the organizers of the events a user books see the user's e-mail address in their attendee export.
-- Off unless the user turns it on: an address is personal data the organizer has no claim to by default.
ALTER TABLE users ADD COLUMN share_email_with_organizers BOOLEAN DEFAULT FALSE NOT NULL;

-- Announcements an organizer sends to an event's participants: the event's history of them. No foreign key to
-- events: the catalog owns that table, and the history goes with the event through the catalog's deletion event.
CREATE TABLE announcements (
    id         UUID                     NOT NULL PRIMARY KEY,
    event_id   UUID                     NOT NULL,
    author_id  UUID                     NOT NULL,
    subject    VARCHAR(200)             NOT NULL,
    body       VARCHAR(5000)            NOT NULL,
    audience   VARCHAR(32)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_announcements_audience CHECK (audience IN ('confirmed', 'confirmed_and_waitlisted'))
);
-- the event's history, newest first
CREATE INDEX ix_announcements_event ON announcements (event_id, created_at, id);
