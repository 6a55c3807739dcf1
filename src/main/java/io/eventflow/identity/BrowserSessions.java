package io.eventflow.identity;

import jakarta.servlet.Filter;

/**
 * Keeps the web UI's signed-in sessions in step with the account. A session stores its user (id, name, role) when
 * it signs in; without a check it would outlive what ends every other way in: the account's deletion, a password
 * reset or change, a role taken away. On each request of a signed-in session the account is read again (one query):
 * a deleted account, a changed role, or all sessions ended after this one signed in end the session there and then
 * (the request goes on signed out). The one role change that keeps sessions is {@link Accounts#promoteToOrganizer}:
 * the session goes on with the attendee's rights until it signs in again. The browser chains (web pages, WebSocket handshakes) put {@link #guard()} right
 * after the security context is loaded.
 */
public interface BrowserSessions {

    /** A new filter for a security chain; not a bean, so the servlet container does not run it on every request. */
    Filter guard();
}
