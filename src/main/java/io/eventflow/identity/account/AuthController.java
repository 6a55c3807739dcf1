package io.eventflow.identity.account;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.PasswordResets;
import io.eventflow.identity.account.AccountDtos.ForgotPasswordRequest;
import io.eventflow.identity.account.AccountDtos.LoginRequest;
import io.eventflow.identity.account.AccountDtos.RefreshRequest;
import io.eventflow.identity.account.AccountDtos.RegisterRequest;
import io.eventflow.identity.account.AccountDtos.ResetPasswordRequest;
import io.eventflow.identity.account.AccountDtos.TokenResponse;
import io.eventflow.identity.account.AccountDtos.UserView;
import io.eventflow.identity.account.AccountDtos.ValidateResponse;
import io.eventflow.identity.session.SessionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Accounts", description = "Registration, login, token refresh, logout, password reset")
class AuthController {

    private final AccountService accounts;
    private final SessionService sessions;
    private final PasswordResets passwordReset;

    AuthController(AccountService accounts, SessionService sessions, PasswordResets passwordReset) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwordReset = passwordReset;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create an account and log it in", description = "409 if the username or e-mail is taken.")
    ResponseEntity<TokenResponse> register(@Valid @RequestBody RegisterRequest request) {
        TokenResponse body = TokenResponse.of(accounts.register(request));
        return ResponseEntity.created(URI.create("/api/v1/users/" + body.user().id())).body(body);
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Log in by username or e-mail", description = "The same 401 for an unknown user and a wrong password. "
            + "429 with Retry-After while sign-in with that username or e-mail is paused after repeated failures "
            + "(the same for unknown ones).")
    TokenResponse login(@Valid @RequestBody LoginRequest request) {
        return loginWith(request);
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Log in with a form post (username, password)")
    TokenResponse loginForm(@Valid @ModelAttribute LoginRequest request) {
        return loginWith(request);
    }

    private TokenResponse loginWith(LoginRequest request) {
        return TokenResponse.of(sessions.login(request.identifier(), request.password()));
    }

    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Trade a refresh token for a new pair", description = "The old refresh token stops working; "
            + "presenting it again ends the whole session.")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return TokenResponse.of(sessions.refresh(request.refreshToken()));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke this access token and all refresh tokens of the user, on every node")
    void logout(@AuthenticationPrincipal Jwt token) {
        Instant expiry = Objects.requireNonNull(token.getExpiresAt(),
                "every token EventFlow signs expires (see TokenIssuer)");
        sessions.logout(UUID.fromString(token.getSubject()), UUID.fromString(token.getId()), expiry);
    }

    @GetMapping("/validate")
    @Operation(summary = "Check an access token", description = "200 with the user if valid, 401 otherwise.")
    ValidateResponse validate(CurrentUser user) {
        return new ValidateResponse(true, UserView.full(accounts.get(user.id())));
    }

    @PostMapping(path = "/forgot-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mail a password reset link", description = "202 whether or not the address belongs to an account.")
    void forgotPassword(@Valid @RequestBody ForgotPasswordRequest request) {
        passwordReset.requestReset(request.email());
    }

    @PostMapping(path = "/reset-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a new password with a reset token", description = "Ends all sessions of the user.")
    void resetPassword(@Valid @RequestBody ResetPasswordRequest request) {
        passwordReset.reset(request.token(), request.newPassword());
    }
}
