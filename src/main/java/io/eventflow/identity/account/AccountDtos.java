package io.eventflow.identity.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

import io.eventflow.identity.Languages;
import io.eventflow.identity.Role;
import io.eventflow.identity.password.PasswordPolicy;
import io.eventflow.identity.session.TokenIssuer;
import io.eventflow.platform.domain.InvalidInput;

/** Request and response bodies of the accounts API (snake_case on the wire). */
final class AccountDtos {

    static final String USERNAME_PATTERN = "[A-Za-z0-9._-]+";
    static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    private AccountDtos() {
    }

    record RegisterRequest(
            @NotBlank @Size(min = 3, max = 32) @Pattern(regexp = USERNAME_PATTERN, message = "may contain letters, digits, '.', '_' and '-'") String username,
            @NotBlank @Size(max = 254) @Email(regexp = EMAIL_PATTERN, message = "must be a valid e-mail address") String email,
            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = 128) String password,
            @Schema(description = "attendee (default) or organizer; admin cannot be chosen") Role role) {
    }

    @Schema(description = "Either username or email identifies the account; username may also hold the e-mail address")
    record LoginRequest(@Size(max = 254) @Nullable String username, @Size(max = 254) @Nullable String email,
            @NotBlank @Size(max = 128) String password) {
        /** The username, else the e-mail address; one of them is required. */
        String identifier() {
            String identifier = username != null && !username.isBlank() ? username : email;
            if (identifier == null || identifier.isBlank()) {
                throw InvalidInput.field("username", "username or email is required");
            }
            return identifier;
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
    }

    record ForgotPasswordRequest(@NotBlank @Size(max = 254) @Email(regexp = EMAIL_PATTERN, message = "must be a valid e-mail address") String email) {
    }

    record ResetPasswordRequest(@NotBlank @Size(max = 128) String token, @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = 128) String newPassword) {
    }

    @Schema(description = "Fields to change; absent fields stay as they are. A password change needs current_password "
            + "(unless an admin changes someone else's) and ends all sessions of the user.")
    record UserUpdate(
            @Size(min = 3, max = 32) @Pattern(regexp = USERNAME_PATTERN, message = "may contain letters, digits, '.', '_' and '-'") @Nullable String username,
            @Size(max = 254) @Email(regexp = EMAIL_PATTERN, message = "must be a valid e-mail address") @Nullable String email,
            @Schema(description = "Only an admin may grant admin") @Nullable Role role,
            @Size(min = PasswordPolicy.MIN_LENGTH, max = 128) @Nullable String password,
            @Size(max = 128) @Nullable String currentPassword,
            @Schema(description = "Whether the organizers of events you book see your e-mail address in their attendee "
                    + "export (default false)") @Nullable Boolean shareEmailWithOrganizers,
            @Schema(description = "The language of your pages, e-mails and notifications: en or he", allowableValues = { "en", "he" })
            @Pattern(regexp = Languages.PATTERN, message = "must be en or he") @Nullable String language) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A user; email is shown only to the user themself and to admins")
    record UserView(UUID id, @Schema(description = "A small integer the database gives each account, never reused") long number,
            String username, @Nullable String email, Role role, Instant createdAt, Instant updatedAt,
            @Schema(description = "Only to the user themself and to admins: whether organizers see the address in "
                    + "attendee exports") @Nullable Boolean shareEmailWithOrganizers,
            @Schema(description = "Only to the user themself and to admins: the language chosen (en or he); absent "
                    + "until one is chosen") @Nullable String language) {

        static UserView full(UserAccount user) {
            return new UserView(user.id(), user.number(), user.username(), user.email(), user.role(), user.createdAt(),
                    user.updatedAt(), user.sharesEmailWithOrganizers(), user.language());
        }

        static UserView publicProfile(UserAccount user) {
            return new UserView(user.id(), user.number(), user.username(), null, user.role(), user.createdAt(),
                    user.updatedAt(), null, null);
        }
    }

    record TokenResponse(UserView user, String accessToken, String refreshToken, String tokenType, long expiresIn) {

        static TokenResponse of(TokenIssuer.IssuedTokens tokens) {
            return new TokenResponse(UserView.full(tokens.user()), tokens.accessToken(), tokens.refreshToken(), "bearer",
                    tokens.expiresInSeconds());
        }
    }

    record ValidateResponse(boolean valid, UserView user) {
    }
}
