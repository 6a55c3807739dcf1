package io.eventflow.identity.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC key that signs access tokens. Never a constant in the code: either configured
 * ({@code EVENTFLOW_IDENTITY_JWT_SECRET}, required for a cluster) or generated once and kept in a file
 * readable only by its owner, so that the embedded default survives restarts without logging everyone out.
 */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final int MIN_BYTES = 32;

    private SigningKeys() {
    }

    static SecretKey load(IdentityProperties.Jwt jwt) {
        if (jwt.secret() != null && !jwt.secret().isBlank()) {
            byte[] bytes = jwt.secret().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("eventflow.identity.jwt.secret must be at least " + MIN_BYTES
                        + " bytes for HS256; generate one with: openssl rand -base64 48");
            }
            return new SecretKeySpec(bytes, "HmacSHA256");
        }
        return new SecretKeySpec(fromFile(jwt.keyFile()), "HmacSHA256");
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
                if (key.length < MIN_BYTES) {
                    throw new IllegalStateException("Signing key in " + file + " is too short");
                }
                return key;
            }
            byte[] key = new byte[64];
            new SecureRandom().nextBytes(key);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "jwt", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(tmp);
                return fromFile(file); // another process created it first: use theirs
            }
            log.info("Generated a JWT signing key in {} (set eventflow.identity.jwt.secret for a cluster)", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the JWT signing key " + file, e);
        }
    }
}
