-- The web UI's browser sessions (Spring Session JDBC), shared by every node: any node reads the session a cookie names,
-- so no load balancer needs to stick a browser to one node. Spring Session's own schema-postgresql.sql (4.1), in
-- lower case like the rest; Boot's schema initialisation is off (spring.session.jdbc.initialize-schema: never).
-- The session id is looked up on each request of a browser that sends the cookie (spring_session_ix1); the
-- expired-session cleanup deletes by expiry_time (ix2); principal_name is the signed-in user's id (ix3,
-- identity.session.BrowserSessionStore). Attributes are Java-serialised and go with their session (ON DELETE CASCADE).
CREATE TABLE spring_session (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);

CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
