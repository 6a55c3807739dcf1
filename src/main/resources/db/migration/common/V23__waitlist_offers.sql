-- Waiting-list offers (issue 20). Per event, how a freed seat reaches the waiting list: 'auto' confirms the first in
-- line at once (the behaviour before), 'offer' holds the seat for them until offer_expires_at, for them to accept or
-- decline. offer_ttl_seconds: how long an offer stands (null: the default, 12 hours).
ALTER TABLE events ADD COLUMN waitlist_mode VARCHAR(8) DEFAULT 'auto' NOT NULL;
ALTER TABLE events ADD COLUMN offer_ttl_seconds INT;
ALTER TABLE events ADD CONSTRAINT ck_events_waitlist_mode CHECK (waitlist_mode IN ('auto', 'offer'));

-- An offered booking holds its seat (it is counted in the event's seats_taken) until it is accepted (confirmed),
-- declined or left to expire (cancelled); either of the last two passes the seat on to the next in line.
ALTER TABLE bookings DROP CONSTRAINT ck_bookings_status;
ALTER TABLE bookings ADD CONSTRAINT ck_bookings_status CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled'));
ALTER TABLE bookings ADD COLUMN offer_expires_at TIMESTAMP WITH TIME ZONE;
-- the expiry job's scan: offered bookings whose time is up, oldest first
CREATE INDEX ix_bookings_offer_expiry ON bookings (status, offer_expires_at);
