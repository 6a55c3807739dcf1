package io.eventflow.identity;

/**
 * Account creation for the web UI: the same rules as {@code POST /api/v1/auth/register}
 * (unique name and address, password policy, no self-chosen admin). Failures are
 * {@link io.eventflow.platform.domain.DomainException}s naming the field.
 */
public interface Accounts {

    CurrentUser register(String username, String email, String password, Role role);
}
