-- Tickets: a random code per booking (shown as a QR image to its holder), checked in once by the organizer.
ALTER TABLE bookings ADD COLUMN ticket_code VARCHAR(64);
ALTER TABLE bookings ADD COLUMN checked_in_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE bookings ADD CONSTRAINT uk_bookings_ticket_code UNIQUE (ticket_code);
