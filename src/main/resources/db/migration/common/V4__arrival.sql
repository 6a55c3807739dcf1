-- On-site arrival of a confirmed booking, checked against the event's geofence.
ALTER TABLE bookings ADD COLUMN arrived_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE bookings ADD COLUMN arrival_distance_m DOUBLE PRECISION;
