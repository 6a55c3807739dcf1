-- Every activity key ever recorded, kept after its activity is removed (removed = TRUE): recording claims the key
-- here first, and removing an RSVP or a photo's activity marks it here first. Both write the same row, so a removal
-- waits for a recording still in progress (and then removes what it wrote) and a recording after a removal finds
-- the key taken. Without it a booking cancelled while its RSVP was being recorded left the RSVP in feeds for good.
CREATE TABLE activity_keys (
    dedup_key VARCHAR(120) PRIMARY KEY,
    removed   BOOLEAN      NOT NULL
);
INSERT INTO activity_keys (dedup_key, removed) SELECT dedup_key, FALSE FROM activities;
