-- The waiting list's order is the order in which bookings joined it, numbered on the event row under its lock.
-- It used to be the bookings' ids: time-ordered, but by the clock of the node that made each one, and the clocks of
-- two nodes disagree (by more than the milliseconds between two bookings of a popular event).
ALTER TABLE events ADD COLUMN waitlist_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE bookings ADD COLUMN waitlist_seq BIGINT;
UPDATE bookings SET waitlist_seq = (SELECT COUNT(*) FROM bookings w WHERE w.event_id = bookings.event_id AND w.id <= bookings.id)
    WHERE status = 'waitlisted';
UPDATE events SET waitlist_seq = COALESCE((SELECT MAX(b.waitlist_seq) FROM bookings b WHERE b.event_id = events.id), 0);
CREATE INDEX ix_bookings_waitlist ON bookings (event_id, status, waitlist_seq);
