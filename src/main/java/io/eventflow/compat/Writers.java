package io.eventflow.compat;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.eventflow.catalog.EventPolicy;
import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.platform.web.ClientAddress;

/**
 * Who writes through an old API. Seeds 000 and 002 had no accounts: their clients create, change and delete events
 * without a token. Such writes are done as one built-in organizer account — so anonymous events appear everywhere like
 * any event, and an anonymous change reaches only events that account owns (the catalog's ownership rule, not one of
 * ours) — and only where {@code eventflow.compat.anonymous-writes} allows: by default from this machine alone, never
 * from a client a proxy forwards from elsewhere. A caller with a token always writes as themself.
 */
@Component
@CompatEnabled
class Writers {

    private final CompatProperties properties;
    private final Accounts accounts;

    Writers(CompatProperties properties, Accounts accounts) {
        this.properties = properties;
        this.accounts = accounts;
    }

    /**
     * The account an event is published as. An attendee who publishes through an old API becomes an organizer — the
     * old APIs let anyone signed in publish, and organizer is the role they could have chosen at sign-up — without
     * being signed out.
     */
    CurrentUser publisher(@Nullable CurrentUser signedIn, HttpServletRequest request) {
        if (signedIn == null) {
            return anonymous(request);
        }
        return EventPolicy.mayPublish(signedIn) ? signedIn : accounts.promoteToOrganizer(signedIn);
    }

    /** The account a change or deletion is made as; the catalog decides whether it may. */
    CurrentUser editor(@Nullable CurrentUser signedIn, HttpServletRequest request) {
        return signedIn != null ? signedIn : anonymous(request);
    }

    private CurrentUser anonymous(HttpServletRequest request) {
        boolean allowed = switch (properties.anonymousWrites()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case LOOPBACK -> ClientAddress.isThisMachine(request);
        };
        if (!allowed) {
            throw new NotAuthenticated(properties.anonymousWrites() == CompatProperties.AnonymousWrites.NEVER
                    ? "Anonymous writes are turned off here: send 'Authorization: Bearer <access_token>'"
                    : "Anonymous writes are accepted only from this machine: send 'Authorization: Bearer "
                            + "<access_token>' (sign up at /api/v1/auth/register)");
        }
        return accounts.builtInOrganizer(properties.builtInOrganizer());
    }
}
