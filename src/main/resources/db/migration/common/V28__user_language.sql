-- The language a user reads EventFlow in (web pages, e-mails, in-app notifications): 'en' or 'he'. Null until they
-- choose one: pages then follow the browser's Accept-Language, notifications eventflow.notification.locale.
ALTER TABLE users ADD COLUMN language VARCHAR(2);
ALTER TABLE users ADD CONSTRAINT users_language_check CHECK (language IN ('en', 'he'));
