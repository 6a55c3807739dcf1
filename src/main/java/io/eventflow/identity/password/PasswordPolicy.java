package io.eventflow.identity.password;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.eventflow.identity.token.IdentityProperties;
import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.platform.domain.InvalidInput;

/**
 * Password policy and hashing. Hashes carry their algorithm ({@code {bcrypt}...}), so a stronger
 * encoder can be introduced later while old hashes keep working.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    /** bcrypt ignores everything after 72 bytes; longer passwords would be silently truncated. */
    static final int MAX_BYTES = 72;

    private final PasswordEncoder encoder;
    /** Compared against when the user does not exist, so that both failures cost the same time. */
    private final String decoyHash;

    PasswordPolicy(IdentityProperties properties) {
        DelegatingPasswordEncoder delegating = new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptStrength())));
        delegating.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        this.encoder = delegating;
        this.decoyHash = encoder.encode(OpaqueTokens.generate());
    }

    public String hash(String field, String raw) {
        check(field, raw);
        return encoder.encode(raw);
    }

    public boolean matches(@Nullable String raw, String hash) {
        return raw != null && encoder.matches(raw, hash);
    }

    /** Burns the same time as a real comparison. */
    public void matchDecoy(@Nullable String raw) {
        encoder.matches(raw == null ? "" : raw, decoyHash);
    }

    /** A hash nothing matches, for deleted accounts. */
    public String unusable() {
        return encoder.encode(OpaqueTokens.generate());
    }

    static void check(String field, String raw) {
        if (raw == null || raw.length() < MIN_LENGTH) {
            throw InvalidInput.field(field, "must be at least " + MIN_LENGTH + " characters");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw InvalidInput.field(field, "must be at most " + MAX_BYTES + " bytes");
        }
    }
}
