-- Accounts. Portable SQL: this runs on H2 (embedded default) and PostgreSQL alike.
CREATE TABLE users (
    id            UUID                     NOT NULL PRIMARY KEY,
    username      VARCHAR(64)              NOT NULL,
    -- lower-cased username: uniqueness ignores case without an expression index (H2 has none)
    username_key  VARCHAR(64)              NOT NULL,
    email         VARCHAR(254),
    password_hash VARCHAR(120)             NOT NULL,
    role          VARCHAR(16)              NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at    TIMESTAMP WITH TIME ZONE,
    version       BIGINT                   NOT NULL,
    CONSTRAINT uk_users_username_key UNIQUE (username_key),
    CONSTRAINT uk_users_email UNIQUE (email),
    CONSTRAINT ck_users_role CHECK (role IN ('attendee', 'organizer', 'admin'))
);

-- Rotating refresh tokens. Only a SHA-256 of the token is stored; a family is one login's chain of rotations.
CREATE TABLE refresh_tokens (
    id         UUID                     NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)              NOT NULL,
    family_id  UUID                     NOT NULL,
    user_id    UUID                     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_refresh_tokens_hash UNIQUE (token_hash)
);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_expires ON refresh_tokens (expires_at);

-- Single-use password reset tokens, stored hashed like refresh tokens.
CREATE TABLE password_reset_tokens (
    id         UUID                     NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)              NOT NULL,
    user_id    UUID                     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_password_reset_tokens_hash UNIQUE (token_hash)
);
CREATE INDEX ix_password_reset_tokens_user ON password_reset_tokens (user_id);

-- Revocation of access tokens when Redis is not configured (embedded default); see TokenRevocations.
CREATE TABLE revoked_access_tokens (
    jti        UUID                     NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_revoked_access_tokens_expires ON revoked_access_tokens (expires_at);

-- Every access token of a user issued before not_before is revoked (password reset, account deletion).
CREATE TABLE user_token_cutoffs (
    user_id    UUID                     NOT NULL PRIMARY KEY,
    not_before TIMESTAMP WITH TIME ZONE NOT NULL
);
