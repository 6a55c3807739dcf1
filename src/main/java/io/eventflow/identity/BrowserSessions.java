package io.eventflow.identity;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The web UI's signed-in browser sessions. They live in the database (Spring Session JDBC), so every node reads the
 * session a cookie names: a browser may land on any node, and signing out on one ends the session on all of them.
 * <p>
 * A session stores its user (id, name, role) when it signs in; without a check it would outlive what ends every other
 * way in: the account's deletion, a password reset or change, a role taken away. On each request of a signed-in
 * session the account is read again (one query): a deleted account, a changed role, or all sessions ended after this
 * one signed in end the session there and then (the request goes on signed out). The one role change that keeps
 * sessions is {@link Accounts#promoteToOrganizer}: the session goes on with the attendee's rights until it signs in
 * again. The browser chains (web pages, WebSocket handshakes) put {@link #guard()} right after the security context is
 * loaded; whatever signs a browser in calls {@link #signedIn} — a signed-in session without that mark counts as ended.
 */
public interface BrowserSessions {

    /** A new filter for a security chain; not a bean, so the servlet container does not run it on every request. */
    Filter guard();

    /**
     * Marks the request's session as signed in, as of when the request arrived (before its credentials were checked):
     * call once the sign-in's security context is in the session (a form login's success handler, a registration).
     */
    void signedIn(HttpServletRequest request);

    /**
     * Whether the request carries the web UI's session cookie — a browser's request, whether or not its session still
     * exists (nothing is read from the database).
     */
    boolean presentsCookie(HttpServletRequest request);
}
