package io.eventflow.identity;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Accounts for the edges that are not the REST API — the web UI, the adapters for older client APIs — with the REST
 * API's rules, decided in the same places: the same validation of names and addresses, the same password policy,
 * the same permissions. Nothing here is rate-limited; an edge that faces clients limits them itself, as the REST API
 * does. Refusals are {@link io.eventflow.platform.domain.DomainException}s: {@code InvalidInput} naming the field,
 * {@link AccountTaken}, {@code NotAuthenticated}, {@code NotAllowed}, {@link UserNotFound}.
 */
public interface Accounts {

    /** As {@code POST /api/v1/auth/register}, without the session: unique name and address, no self-chosen admin. */
    CurrentUser register(String username, String email, String password, Role role);

    /** Registers an attendee exactly as {@code POST /api/v1/auth/register} does and signs them in. */
    SignedIn signUp(String username, String email, String password);

    /**
     * Registers a user with the role they chose and signs them in, exactly as {@code POST /api/v1/auth/register}:
     * {@code attendee} or {@code organizer}; {@code admin} is {@code NotAllowed}.
     */
    SignedIn signUp(String username, String email, String password, Role role);

    /**
     * As {@code POST /api/v1/auth/login}: by username or e-mail address. An unknown account and a wrong password get
     * the same {@code NotAuthenticated}, in the same time.
     */
    SignedIn signIn(String usernameOrEmail, String password);

    /**
     * As {@code POST /api/v1/auth/logout} with this access token: the token stops working at once on every node, and
     * so does every refresh token of its user. A token that is not valid (any more) is {@code NotAuthenticated}.
     */
    void signOut(String accessToken);

    /** An active account, e-mail address included (see {@link Profile}). */
    Profile profile(UUID userId);

    /** The id of the active account with that number; {@link UserNotFound} for an unknown or deleted one. */
    UUID idByNumber(long number);

    /**
     * As {@code PATCH /api/v1/users/{id}} with a username and an e-mail address (null: unchanged): the user or an
     * admin; a new address needs the current password, unless an admin changes someone else's; a name or address
     * another account has is {@link AccountTaken}.
     */
    Profile changeNameOrEmail(CurrentUser actor, UUID userId, @Nullable String username, @Nullable String email,
            @Nullable String currentPassword);

    /**
     * As {@code PATCH /api/v1/users/me} with {@code share_email_with_organizers}: whether the organizers of events the
     * user books see the address in their attendee exports.
     */
    Profile shareEmailWithOrganizers(CurrentUser user, boolean share);

    /**
     * As {@code PATCH /api/v1/users/me} with {@code language}: the language the user reads pages, e-mails and
     * notifications in, one of {@link Languages#SUPPORTED}; any other is {@code InvalidInput} naming {@code language}.
     */
    Profile changeLanguage(CurrentUser user, String language);

    /** As {@code DELETE /api/v1/users/{id}}: the user or an admin; anonymises the account and ends its sessions. */
    void delete(CurrentUser actor, UUID userId);

    /**
     * Makes an attendee an organizer, the role they could have chosen at sign-up, when they publish an event through
     * an older client API. Unlike a role change through the REST API, their sessions go on: the access and refresh
     * tokens they hold keep working, and the next refresh issues tokens with the new role (the access token they hold
     * still says attendee until then). Organizers and admins come back as they are, nothing written. Idempotent and
     * safe to call concurrently.
     *
     * @return the user with their role now
     */
    CurrentUser promoteToOrganizer(CurrentUser user);

    /**
     * The organizer that owns what older client APIs without accounts create anonymously, by its username: created on
     * first use, the same account ever after and on every node (its id is derived from the name). Nobody can sign in
     * as it (no usable password, no address for a reset link) and it gets no mail. Choose a name registration refuses
     * (e.g. one with a space), so nobody can take it first; if a regular account has it, this is {@link AccountTaken}.
     * Kept in memory after the first call.
     */
    CurrentUser builtInOrganizer(String username);
}
