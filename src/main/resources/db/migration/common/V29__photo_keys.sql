-- The orphan sweep (media.OrphanSweep) asks, for every batch of stored files, which keys a photo still refers to.
-- Keys are random UUIDs, so each is unique.
CREATE UNIQUE INDEX photos_storage_key ON photos (storage_key);
CREATE UNIQUE INDEX photos_thumbnail_key ON photos (thumbnail_key);
