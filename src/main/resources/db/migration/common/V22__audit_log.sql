-- The audit log: who did what to whom, when, from which address. Rows are only ever inserted, and deleted once older
-- than eventflow.audit.retention. No foreign keys: an entry outlives the event or account it names.
CREATE TABLE audit_log (
    id             UUID                     NOT NULL PRIMARY KEY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- null: the system (a scheduled job, an outbox listener), not a signed-in user
    actor_id       UUID,
    -- the actor's username at the time: the account may be renamed or anonymised later
    actor_name     VARCHAR(64),
    client_address VARCHAR(64),
    request_id     VARCHAR(64),
    action         VARCHAR(40)              NOT NULL,
    target_type    VARCHAR(20)              NOT NULL,
    target_id      UUID                     NOT NULL,
    -- a small JSON object (old and new role, changed field names); never secrets
    detail         VARCHAR(2000)
);

-- newest first, and the retention job's delete by date
CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, occurred_at);
CREATE INDEX ix_audit_log_target ON audit_log (target_id, occurred_at);
CREATE INDEX ix_audit_log_action ON audit_log (action, occurred_at);
