package io.eventflow.identity.session;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.eventflow.identity.BrowserSessions;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;

/**
 * The {@link BrowserSessions} of the web UI: the check each request of a signed-in session passes (the account read
 * again, in one query), and the mark {@link SessionService#endAllSessions} sets on the account to end them all.
 */
@Component
class BrowserSessionGuard implements BrowserSessions {

    /**
     * When this session signed in (an {@link Instant}), set by {@link #signedIn} in the sign-in's own request. A
     * signed-in session without it is ended: it was recorded at the first later request once, and a session that
     * made none survived a password reset.
     */
    static final String SIGNED_IN_AT = BrowserSessions.class.getName() + ".SIGNED_IN_AT";
    /** When the request reached the guard: before a sign-in in the same request checked any credentials. */
    private static final String ARRIVED_AT = BrowserSessions.class.getName() + ".ARRIVED_AT";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CookieSerializer cookies;

    BrowserSessionGuard(JdbcClient jdbc, Clock clock, CookieSerializer cookies) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cookies = cookies;
    }

    @Override
    public Filter guard() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                request.setAttribute(ARRIVED_AT, clock.instant());
                check(request);
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * The time is the request's arrival, not the moment of success: a password reset that lands while this sign-in
     * is still checking the old password (bcrypt takes a while) is after it, and so ends it.
     */
    @Override
    public void signedIn(HttpServletRequest request) {
        Instant arrived = request.getAttribute(ARRIVED_AT) instanceof Instant at ? at : clock.instant();
        request.getSession().setAttribute(SIGNED_IN_AT, arrived);
    }

    @Override
    public boolean presentsCookie(HttpServletRequest request) {
        return !cookies.readCookieValues(request).isEmpty();
    }

    /** Ends the session now unless its user still stands as it signed in. */
    void check(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || authentication == null || !(authentication.getPrincipal() instanceof CurrentUser user)) {
            return;
        }
        // absent also when the stored time could not be read (BrowserSessionStore): ended all the same
        if (session.getAttribute(SIGNED_IN_AT) instanceof Instant signedInAt && stillValid(user, signedInAt)) {
            return;
        }
        session.invalidate(); // the row goes: ended on every node
        SecurityContextHolder.clearContext();
    }

    private boolean stillValid(CurrentUser user, Instant signedInAt) {
        Optional<Account> account = jdbc.sql("SELECT role, sessions_not_before FROM users WHERE id = ? AND deleted_at IS NULL")
                .param(user.id())
                .query((rs, n) -> new Account(Role.fromWire(rs.getString("role")), rs.getTimestamp("sessions_not_before")))
                .optional();
        if (account.isEmpty() || !keepsRights(user.role(), account.get().role())) {
            return false;
        }
        Timestamp notBefore = account.get().notBefore();
        return notBefore == null || !notBefore.toInstant().isAfter(signedInAt);
    }

    /**
     * A session lives on while its role is still the account's, or when an attendee became an organizer without
     * ending their sessions ({@code Accounts.promoteToOrganizer}): the session keeps the attendee's lesser rights
     * until it signs in again. Every other role change ends the sessions through {@link #endAll} anyway.
     */
    private static boolean keepsRights(Role signedInAs, Role now) {
        return signedInAs == now || (signedInAs == Role.ATTENDEE && now == Role.ORGANIZER);
    }

    /** Called where every session of the user ends (see {@link SessionService#endAllSessions}). */
    void endAll(UUID userId, Instant cutoff) {
        jdbc.sql("UPDATE users SET sessions_not_before = ? WHERE id = ?").param(Timestamp.from(cutoff)).param(userId).update();
    }

    private record Account(Role role, @Nullable Timestamp notBefore) {
    }
}
