-- Trigram indexes make q (substring of any word, case-insensitive) and partial location search
-- index scans instead of table scans. pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_events_search_trgm ON events USING gin (search_text gin_trgm_ops);
CREATE INDEX ix_events_location_trgm ON events USING gin (LOWER(location) gin_trgm_ops);
CREATE INDEX ix_events_location_lower ON events (LOWER(location));
