package io.eventflow.identity.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.Validator;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;

import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Profile;
import io.eventflow.identity.Role;
import io.eventflow.identity.SignedIn;
import io.eventflow.identity.UserNotFound;
import io.eventflow.identity.account.AccountDtos.LoginRequest;
import io.eventflow.identity.account.AccountDtos.RegisterRequest;
import io.eventflow.identity.account.AccountDtos.UserUpdate;
import io.eventflow.identity.session.SessionService;
import io.eventflow.identity.session.TokenIssuer;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAuthenticated;

/**
 * {@link Accounts} for the web UI and the adapters for older client APIs. Every rule stays where the REST API finds
 * it: the input is checked against the API's own request bodies (their bean-validation constraints), then handed to
 * {@link AccountService} and {@link SessionService} as the controllers hand it.
 */
@Service
class AccountsFacade implements Accounts {

    private final AccountService accounts;
    private final SessionService sessions;
    private final ActiveUserQueries activeUsers;
    private final Validator validator;
    private final JwtDecoder tokens;
    /** Built-in organizers by username key: they never change, and every anonymous write asks for one. */
    private final Map<String, CurrentUser> builtIns = new ConcurrentHashMap<>();

    AccountsFacade(AccountService accounts, SessionService sessions, ActiveUserQueries activeUsers, Validator validator,
            JwtDecoder tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.activeUsers = activeUsers;
        this.validator = validator;
    }

    @Override
    public CurrentUser register(String username, String email, String password, Role role) {
        return signedIn(signedUp(new RegisterRequest(username, email, password, role))).user();
    }

    @Override
    public SignedIn signUp(String username, String email, String password) {
        return signUp(username, email, password, Role.ATTENDEE);
    }

    @Override
    public SignedIn signUp(String username, String email, String password, Role role) {
        return signedIn(signedUp(new RegisterRequest(username, email, password, role)));
    }

    private TokenIssuer.IssuedTokens signedUp(RegisterRequest request) {
        return accounts.register(valid(request));
    }

    @Override
    public SignedIn signIn(String usernameOrEmail, String password) {
        LoginRequest request = valid(new LoginRequest(usernameOrEmail, null, password));
        return signedIn(sessions.login(request.identifier(), request.password()));
    }

    @Override
    public void signOut(String accessToken) {
        Jwt token;
        try {
            token = tokens.decode(accessToken); // the bearer check's decoder: signature, issuer, lifetime, revocation
        } catch (JwtException e) {
            throw new NotAuthenticated("The access token is not valid (any more)");
        }
        Instant expiry = Objects.requireNonNull(token.getExpiresAt(),
                "every token EventFlow signs expires (see TokenIssuer)");
        sessions.logout(UUID.fromString(token.getSubject()), UUID.fromString(token.getId()), expiry);
    }

    @Override
    public Profile profile(UUID userId) {
        return profile(accounts.get(userId));
    }

    @Override
    public UUID idByNumber(long number) {
        return activeUsers.idByNumber(number).orElseThrow(() -> new UserNotFound(number));
    }

    @Override
    public Profile changeNameOrEmail(CurrentUser actor, UUID userId, @Nullable String username, @Nullable String email,
            @Nullable String currentPassword) {
        UserUpdate change = valid(new UserUpdate(username, email, null, null, currentPassword, null, null));
        return profile(accounts.update(actor, userId, change));
    }

    @Override
    public Profile shareEmailWithOrganizers(CurrentUser user, boolean share) {
        return profile(accounts.update(user, user.id(), new UserUpdate(null, null, null, null, null, share, null)));
    }

    @Override
    public Profile changeLanguage(CurrentUser user, String language) {
        return profile(accounts.update(user, user.id(), valid(new UserUpdate(null, null, null, null, null, null, language))));
    }

    @Override
    public void delete(CurrentUser actor, UUID userId) {
        accounts.delete(actor, userId);
    }

    @Override
    public CurrentUser promoteToOrganizer(CurrentUser user) {
        return accounts.promoteToOrganizer(user);
    }

    @Override
    public CurrentUser builtInOrganizer(String username) {
        String key = UserAccount.usernameKey(username);
        CurrentUser known = builtIns.get(key);
        if (known != null) {
            return known;
        }
        if (key.length() < 3 || key.length() > 32) {
            throw InvalidInput.field("username", "size must be between 3 and 32");
        }
        // derived from the name, so every node (and a second database restored from the first) agrees on it, and an
        // account that merely has the name (a squatter, a rename) is never mistaken for the built-in one
        UUID id = UUID.nameUUIDFromBytes(("eventflow built-in account " + key).getBytes(StandardCharsets.UTF_8));
        UserAccount account = accounts.findBuiltIn(id).orElse(null);
        if (account == null) {
            try {
                account = accounts.createBuiltIn(id, username, Role.ORGANIZER);
            } catch (DataIntegrityViolationException createdElsewhere) {
                // another node inserted it first: its row is committed, so it reads like any other
                account = accounts.findBuiltIn(id).orElseThrow(() -> createdElsewhere);
            }
        }
        if (account.isDeleted()) {
            throw new UserNotFound(id); // an admin deleted it; it is not brought back behind their back
        }
        CurrentUser user = new CurrentUser(account.id(), account.username(), account.role());
        builtIns.putIfAbsent(key, user);
        return user;
    }

    private <T> T valid(T request) {
        InvalidInput invalid = InvalidInput.of(validator.validate(request), "");
        if (invalid != null) {
            throw invalid;
        }
        return request;
    }

    private static SignedIn signedIn(TokenIssuer.IssuedTokens tokens) {
        UserAccount user = tokens.user();
        return new SignedIn(new CurrentUser(user.id(), user.username(), user.role()), tokens.accessToken(),
                tokens.refreshToken(), tokens.expiresInSeconds());
    }

    private static Profile profile(UserAccount user) {
        return new Profile(user.id(), user.number(), user.username(), user.email(), user.role(), user.createdAt(),
                user.updatedAt(), user.sharesEmailWithOrganizers(), user.language());
    }
}
