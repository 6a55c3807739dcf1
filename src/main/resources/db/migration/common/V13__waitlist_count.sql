-- How many bookings of the event wait for a seat, kept by the booking module next to seats_taken under the event's
-- row lock: a new waiting booking's place is this count + 1, without counting the line inside the lock.
ALTER TABLE events ADD COLUMN waitlisted INT DEFAULT 0 NOT NULL;
UPDATE events SET waitlisted = (SELECT COUNT(*) FROM bookings b WHERE b.event_id = events.id AND b.status = 'waitlisted');
