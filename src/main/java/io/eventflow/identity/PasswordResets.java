package io.eventflow.identity;


/**
 * Forgotten passwords for the web UI, with the rules of {@code POST /api/v1/auth/forgot-password} and
 * {@code /reset-password}: the request is answered alike for every address, the link works once and expires.
 */
public interface PasswordResets {

    /** Mails a reset link if the address belongs to an account; returns at once either way. */
    void requestReset(String email);

    /** @throws InvalidInput naming {@code token} or {@code new_password} */
    void reset(String token, String newPassword);
}
