-- Publications whose listener failed every attempt. platform.OutboxRetry moves them here: Spring Modulith reads
-- failed publications oldest first, a batch at a time, so rows left failed for good would be read again on every
-- run and stall the retries of newer ones. Kept for an operator to inspect (and, if wanted, to put back).
CREATE TABLE event_publication_given_up (
    id                  UUID                     NOT NULL PRIMARY KEY,
    listener_id         VARCHAR                  NOT NULL,
    event_type          VARCHAR                  NOT NULL,
    serialized_event    VARCHAR                  NOT NULL,
    publication_date    TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_attempts INT,
    given_up_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The registry looks publications up by status (retries, the staleness monitor) on every node.
CREATE INDEX event_publication_by_status ON event_publication (status, publication_date);
