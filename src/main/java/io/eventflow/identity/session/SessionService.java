package io.eventflow.identity.session;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.SessionsEnded;
import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.account.UserAccountRepository;
import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.identity.token.TokenRevocations;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.NotAuthenticated;

/** Logging in and out, and keeping a session alive by refresh-token rotation. */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /** One answer for unknown user and wrong password, so the response tells nobody which accounts exist. */
    static final String BAD_CREDENTIALS = "Invalid username/e-mail or password";

    private final UserAccountRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final TokenRevocations revocations;
    private final TokenIssuer issuer;
    private final PasswordCheck passwordCheck;
    private final Clock clock;
    private final BrowserSessionGuard browserSessions;
    private final ApplicationEventPublisher events;

    SessionService(UserAccountRepository users, RefreshTokenRepository refreshTokens, TokenRevocations revocations,
            TokenIssuer issuer, PasswordCheck passwordCheck, Clock clock, BrowserSessionGuard browserSessions,
            ApplicationEventPublisher events) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.issuer = issuer;
        this.passwordCheck = passwordCheck;
        this.clock = clock;
        this.browserSessions = browserSessions;
        this.events = events;
    }

    /**
     * @throws LoginThrottled   while sign-in with this identifier is paused after failures ({@link LoginThrottle})
     * @throws NotAuthenticated for an unknown user and a wrong password alike
     */
    @Transactional
    public TokenIssuer.IssuedTokens login(String identifier, String password) {
        return issuer.issue(passwordCheck.verify(identifier, password), null);
    }

    /**
     * Rotates a refresh token. A token may be spent once; presenting a spent one means it was copied,
     * so the whole family (this login on every device it reached) is revoked, access tokens included.
     */
    @Transactional(noRollbackFor = DomainException.class)
    public TokenIssuer.IssuedTokens refresh(String rawToken) {
        Instant now = clock.instant();
        RefreshToken token = refreshTokens.findByTokenHash(OpaqueTokens.hash(rawToken))
                .orElseThrow(() -> new NotAuthenticated("Unknown refresh token"));
        if (token.isExpired(now)) {
            throw new NotAuthenticated("The refresh token has expired; log in again");
        }
        if (!token.isSpent() && token.isRevoked()) {
            // ended by a logout, a password change or a deletion: no theft, nothing more to revoke
            throw new NotAuthenticated("The session has ended; log in again");
        }
        if (token.isSpent() || refreshTokens.spend(token.id(), now) == 0) {
            if (!token.isSpent() && !refreshTokens.findById(token.id()).map(RefreshToken::isSpent).orElse(false)) {
                throw new NotAuthenticated("The session has ended; log in again"); // revoked meanwhile
            }
            refreshTokens.revokeFamily(token.familyId(), now);
            revocations.revokeUserTokensIssuedBefore(token.userId(), now);
            log.warn("Refresh token replayed for user {}; session family {} revoked", token.userId(), token.familyId());
            throw new NotAuthenticated("The refresh token was already used; the session has been ended");
        }
        UserAccount user = users.findActive(token.userId())
                .orElseThrow(() -> new NotAuthenticated("The account no longer exists"));
        return issuer.issue(user, token.familyId());
    }

    /** Ends this access token at once and every refresh token of the user. */
    @Transactional
    public void logout(UUID userId, UUID accessTokenId, Instant accessTokenExpiry) {
        revocations.revokeToken(accessTokenId, accessTokenExpiry);
        Instant now = clock.instant();
        refreshTokens.revokeAllOfUser(userId, now);
        events.publishEvent(new SessionsEnded(userId, now));
    }

    /** Ends every session of the user: refresh tokens, all access tokens issued until now, signed-in browsers. */
    @Transactional
    public void endAllSessions(UUID userId) {
        Instant now = clock.instant();
        refreshTokens.revokeAllOfUser(userId, now);
        revocations.revokeUserTokensIssuedBefore(userId, now);
        browserSessions.endAll(userId, now);
        events.publishEvent(new SessionsEnded(userId, now));
    }
}
