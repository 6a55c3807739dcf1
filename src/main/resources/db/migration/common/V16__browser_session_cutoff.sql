-- Browser sessions (the web UI's cookie) signed in before this moment are ended at their next request: set when all
-- of a user's sessions end (password reset or change, role change). Kept on the account, unlike the access tokens'
-- cut-off, which is forgotten once every token it could match has expired: a session can outlive an access token.
ALTER TABLE users ADD COLUMN sessions_not_before TIMESTAMP WITH TIME ZONE;
