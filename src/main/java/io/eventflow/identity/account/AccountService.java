package io.eventflow.identity.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.AccountTaken;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.identity.UserDeleted;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserNotFound;
import io.eventflow.identity.UserRegistered;
import io.eventflow.identity.UserRoleChanged;
import io.eventflow.identity.UserUpdated;
import io.eventflow.identity.account.AccountDtos.RegisterRequest;
import io.eventflow.identity.account.AccountDtos.UserUpdate;
import io.eventflow.identity.password.PasswordPolicy;
import io.eventflow.identity.password.PasswordResetTokenRepository;
import io.eventflow.identity.session.SessionService;
import io.eventflow.identity.session.TokenIssuer;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.NotAllowed;

/** Creating, changing and deleting accounts, with the permission rules of the API contract. */
@Service
class AccountService implements UserDirectory {

    private final UserAccountRepository users;
    private final PasswordResetTokenRepository resetTokens;
    private final SessionService sessions;
    private final TokenIssuer issuer;
    private final PasswordPolicy passwords;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ActiveUserQueries activeUsers;

    AccountService(UserAccountRepository users, PasswordResetTokenRepository resetTokens, SessionService sessions,
            TokenIssuer issuer, PasswordPolicy passwords, IdGenerator ids, Clock clock, ApplicationEventPublisher events,
            ActiveUserQueries activeUsers) {
        this.activeUsers = activeUsers;
        this.users = users;
        this.resetTokens = resetTokens;
        this.sessions = sessions;
        this.issuer = issuer;
        this.passwords = passwords;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    TokenIssuer.IssuedTokens register(RegisterRequest request) {
        Role role = request.role() != null ? request.role() : Role.ATTENDEE;
        if (role == Role.ADMIN) {
            throw new NotAllowed("The admin role cannot be chosen at registration");
        }
        String hash = passwords.hash("password", request.password());
        ensureUsernameFree(request.username(), null);
        ensureEmailFree(request.email(), null);
        Instant now = clock.instant();
        // flushed now: the database numbers the account on insert, and the answer shows the number
        UserAccount user = users.saveAndFlush(new UserAccount(ids.next(), request.username(), request.email(), hash, role, now));
        events.publishEvent(new UserRegistered(user.id(), user.username(), user.role(), now));
        return issuer.issue(user, null);
    }

    /** Creates an account with any role; for bootstrapping the first admin from configuration. */
    @Transactional
    UserAccount createPrivileged(String username, String email, String rawPassword, Role role) {
        ensureUsernameFree(username, null);
        ensureEmailFree(email, null);
        Instant now = clock.instant();
        UserAccount user = users.saveAndFlush(new UserAccount(ids.next(), username, email,
                passwords.hash("password", rawPassword), role, now));
        events.publishEvent(new UserRegistered(user.id(), user.username(), user.role(), now));
        return user;
    }

    /**
     * The built-in account with that id, if it was created; a deleted one too (it is not created again: its id is
     * taken).
     */
    @Transactional(readOnly = true)
    Optional<UserAccount> findBuiltIn(UUID id) {
        return users.findById(id);
    }

    /**
     * Creates a built-in organizer (see {@link io.eventflow.identity.Accounts#builtInOrganizer}) in a transaction of its
     * own: when another node creates it at the same moment, the failed insert must not abort the caller's transaction
     * (on PostgreSQL it would), so the caller can read the winner's account instead.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when the id or the name was taken meanwhile
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    UserAccount createBuiltIn(UUID id, String username, Role role) {
        ensureUsernameFree(username, id);
        Instant now = clock.instant();
        UserAccount user = users.saveAndFlush(UserAccount.builtIn(id, username, passwords.unusable(), role, now));
        events.publishEvent(new UserRegistered(user.id(), user.username(), user.role(), now));
        return user;
    }

    @Transactional(readOnly = true)
    UserAccount get(UUID id) {
        return users.findActive(id).orElseThrow(() -> new UserNotFound(id));
    }

    @Transactional
    UserAccount update(CurrentUser actor, UUID targetId, UserUpdate change) {
        if (!actor.isSelfOrAdmin(targetId)) {
            throw new NotAllowed("You may change only your own account");
        }
        UserAccount user = get(targetId);
        Instant now = clock.instant();
        boolean endSessions = false;

        if (change.role() != null && change.role() != user.role()) {
            if (!actor.isAdmin() && change.role() == Role.ADMIN) {
                throw new NotAllowed("Only an admin can grant the admin role");
            }
            if (user.role() == Role.ADMIN && users.lockActiveAdmins().size() <= 1) {
                throw new Conflict("The last admin cannot give up the admin role");
            }
            Role oldRole = user.role();
            user.changeRole(change.role(), now);
            // published now, inside the transaction: a later refusal (a taken name, say) rolls back the event's
            // synchronous effects (the audit entry) together with the change
            events.publishEvent(new UserRoleChanged(user.id(), oldRole, change.role(), now));
            endSessions = true; // tokens carry the role: old ones must not keep the old rights
        }
        boolean adminOnOther = actor.isAdmin() && !actor.id().equals(targetId);
        String newEmail = change.email() != null && !UserAccount.normalizeEmail(change.email()).equals(user.email())
                ? change.email() : null;
        boolean emailChanges = newEmail != null;
        // Password and e-mail both lead to the account (the e-mail via a reset link): a stolen access
        // token alone must not be enough to take them over.
        if ((change.password() != null || emailChanges) && !adminOnOther
                && !passwords.matches(change.currentPassword(), user.passwordHash())) {
            throw new NotAllowed("current_password is missing or wrong; it is needed to change "
                    + (change.password() != null ? "the password" : "the e-mail address"));
        }
        List<String> changed = new ArrayList<>();
        if (change.password() != null) {
            user.changePasswordHash(passwords.hash("password", change.password()), now);
            endSessions = true;
            changed.add("password");
        }
        if (change.username() != null && !change.username().trim().equals(user.username())) {
            ensureUsernameFree(change.username(), user.id());
            user.rename(change.username(), now);
            changed.add("username");
        }
        if (newEmail != null) {
            ensureEmailFree(newEmail, user.id());
            user.changeEmail(newEmail, now);
            changed.add("email");
        }
        if (change.shareEmailWithOrganizers() != null
                && change.shareEmailWithOrganizers() != user.sharesEmailWithOrganizers()) {
            user.shareEmailWithOrganizers(change.shareEmailWithOrganizers(), now);
            changed.add("share_email_with_organizers");
        }
        if (change.language() != null && !change.language().equals(user.language())) {
            user.chooseLanguage(change.language(), now);
            changed.add("language");
        }
        if (change.password() != null || emailChanges) {
            resetTokens.invalidateAllOfUser(user.id(), now); // a link mailed to the old address must die
        }
        users.saveAndFlush(user);
        if (!changed.isEmpty()) {
            events.publishEvent(new UserUpdated(user.id(), List.copyOf(changed), now));
        }
        if (endSessions) {
            sessions.endAllSessions(user.id());
        }
        return user;
    }

    /**
     * The one role change that keeps the user's sessions: an attendee becoming an organizer, which they could have
     * chosen at sign-up. It only adds rights, so a token that still says attendee grants less than the account may,
     * never more, and ending the sessions (as {@link #update} does for a role change) would sign the user out of
     * every device for publishing an event. The row is locked, so concurrent calls (and a concurrent change through
     * {@link #update}, which the version then refuses) write it once.
     */
    @Transactional
    CurrentUser promoteToOrganizer(CurrentUser user) {
        if (user.role() != Role.ATTENDEE) {
            return user;
        }
        UserAccount account = users.lockActive(user.id()).orElseThrow(() -> new UserNotFound(user.id()));
        if (account.role() == Role.ATTENDEE) {
            Instant now = clock.instant();
            account.changeRole(Role.ORGANIZER, now);
            users.saveAndFlush(account);
            events.publishEvent(new UserRoleChanged(account.id(), Role.ATTENDEE, Role.ORGANIZER, now));
        }
        return new CurrentUser(account.id(), account.username(), account.role());
    }

    @Transactional
    void delete(CurrentUser actor, UUID targetId) {
        if (!actor.isSelfOrAdmin(targetId)) {
            throw new NotAllowed("You may delete only your own account");
        }
        UserAccount user = get(targetId);
        if (user.role() == Role.ADMIN && users.lockActiveAdmins().size() <= 1) {
            throw new Conflict("The last admin cannot be deleted");
        }
        Instant now = clock.instant();
        user.anonymise(passwords.unusable(), now);
        users.saveAndFlush(user);
        resetTokens.invalidateAllOfUser(user.id(), now);
        sessions.endAllSessions(user.id());
        events.publishEvent(new UserDeleted(user.id(), now));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UserSummary> find(UUID userId) {
        return activeUsers.summary(userId);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, UserSummary> findAll(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return users.findAllActive(Set.copyOf(userIds)).stream()
                .collect(Collectors.toMap(UserAccount::id, u -> new UserSummary(u.id(), u.number(), u.username(), u.role())));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> email(UUID userId) {
        return activeUsers.email(userId);
    }

    @Override
    public Optional<String> language(UUID userId) {
        return activeUsers.language(userId);
    }

    @Override
    public Map<UUID, Contact> contactsForOrganizers(Collection<UUID> userIds) {
        return userIds.isEmpty() ? Map.of() : activeUsers.contacts(userIds);
    }

    private void ensureUsernameFree(String username, @Nullable UUID owner) {
        users.findByUsernameKey(UserAccount.usernameKey(username))
                .filter(other -> !other.id().equals(owner))
                .ifPresent(other -> {
                    throw new AccountTaken("The username is already taken",
                            new FieldProblem("username", "is already taken"));
                });
    }

    private void ensureEmailFree(String email, @Nullable UUID owner) {
        users.findByEmail(UserAccount.normalizeEmail(email))
                .filter(other -> !other.id().equals(owner))
                .ifPresent(other -> {
                    throw new AccountTaken("An account with this e-mail address already exists",
                            new FieldProblem("email", "is already registered"));
                });
    }
}
