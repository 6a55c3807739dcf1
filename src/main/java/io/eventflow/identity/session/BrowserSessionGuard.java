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

    /** When this session was first seen signed in: the sign-in itself, give or take its redirect. */
    static final String SIGNED_IN_AT = BrowserSessions.class.getName() + ".SIGNED_IN_AT";

    private final JdbcClient jdbc;
    private final Clock clock;

    BrowserSessionGuard(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Filter guard() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                check(request);
                chain.doFilter(request, response);
            }
        };
    }

    /** Ends the session now unless its user still stands as it signed in. */
    void check(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || authentication == null || !(authentication.getPrincipal() instanceof CurrentUser user)) {
            return;
        }
        Object stamp = session.getAttribute(SIGNED_IN_AT);
        Instant signedInAt = stamp instanceof Instant at ? at : null;
        if (stillValid(user, signedInAt)) {
            if (signedInAt == null) {
                session.setAttribute(SIGNED_IN_AT, clock.instant());
            }
            return;
        }
        session.invalidate();
        SecurityContextHolder.clearContext();
    }

    private boolean stillValid(CurrentUser user, @Nullable Instant signedInAt) {
        Optional<Account> account = jdbc.sql("SELECT role, sessions_not_before FROM users WHERE id = ? AND deleted_at IS NULL")
                .param(user.id())
                .query((rs, n) -> new Account(Role.fromWire(rs.getString("role")), rs.getTimestamp("sessions_not_before")))
                .optional();
        return account.isPresent() && keepsRights(user.role(), account.get().role())
                && (signedInAt == null || account.get().notBefore() == null || !account.get().notBefore().toInstant().isAfter(signedInAt));
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

    private record Account(Role role, Timestamp notBefore) {
    }
}
