package io.eventflow.identity.account;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.account.AccountDtos.UserUpdate;
import io.eventflow.identity.account.AccountDtos.UserView;
import io.eventflow.identity.token.CurrentUserResolver;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Profiles; personal data only to the user themself and admins")
class UserController {

    private final AccountService accounts;
    private final CurrentUserResolver currentUsers;

    UserController(AccountService accounts, CurrentUserResolver currentUsers) {
        this.accounts = accounts;
        this.currentUsers = currentUsers;
    }

    @GetMapping("/me")
    UserView me(CurrentUser user) {
        return UserView.full(accounts.get(user.id()));
    }

    @PatchMapping(path = "/me", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change own username, e-mail or password")
    UserView updateMe(CurrentUser user, @Valid @RequestBody UserUpdate change) {
        return UserView.full(accounts.update(user, user.id(), change));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A user's profile", description = "Public profile to anyone; e-mail only to the user and admins.")
    UserView get(@PathVariable UUID id) {
        UserAccount user = accounts.get(id);
        CurrentUser viewer = currentUsers.fromAuthentication(SecurityContextHolder.getContext().getAuthentication());
        return viewer != null && viewer.isSelfOrAdmin(id) ? UserView.full(user) : UserView.publicProfile(user);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a user's username and e-mail (self or admin)", description = "username and email are required; "
            + "role only changes if given, and only an admin may grant admin.")
    UserView replace(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody UserUpdate change) {
        if (change.username() == null || change.email() == null) {
            throw new InvalidInput("PUT replaces the profile: username and email are required",
                    java.util.stream.Stream.of(change.username() == null ? "username" : null, change.email() == null ? "email" : null)
                            .filter(java.util.Objects::nonNull)
                            .map(f -> new FieldProblem(f, "is required"))
                            .toList());
        }
        return UserView.full(accounts.update(user, id, change));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an account (self or admin)", description = "Personal data is anonymised; all sessions end.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        accounts.delete(user, id);
    }
}
