-- The organizer's dashboard reads one event's bookings by creation time (bookings over time, first and last) and
-- its check-ins by ticket and by arrival as they happen: each from an index starting with the event, so an event
-- with 100,000 bookings is answered from the index, not by reading its rows. Nulls (not checked in, not arrived)
-- sort after the times, so "IS NOT NULL" is a range of these indexes.
CREATE INDEX ix_bookings_event_created ON bookings (event_id, created_at);
CREATE INDEX ix_bookings_event_checked_in ON bookings (event_id, checked_in_at);
CREATE INDEX ix_bookings_event_arrived ON bookings (event_id, arrived_at);
