-- A domain event's JSON is as long as the event it describes: EventCreated carries the whole event (a description
-- may have 10,000 characters), EventUpdated the old and new value of each change as well. V1_1 bounded it at 4,000
-- characters and a longer one rolled back the change that published it. PostgreSQL has it as TEXT; H2's VARCHAR
-- without a length holds up to 1,000,000 characters and can still be indexed.
ALTER TABLE event_publication ALTER COLUMN serialized_event SET DATA TYPE VARCHAR;
