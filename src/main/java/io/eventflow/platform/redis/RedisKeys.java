package io.eventflow.platform.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Pattern;

/**
 * Prefix of every key EventFlow writes to Redis, so that several deployments (or test runs) can share
 * one server without seeing each other's data.
 */
@ConfigurationProperties("eventflow.redis")
@Validated
public record RedisKeys(@Pattern(regexp = "\\S*", message = "must not contain spaces") String keyPrefix) {

    public RedisKeys {
        keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "eventflow:" : keyPrefix;
    }

    public String key(String... parts) {
        return keyPrefix + String.join(":", parts);
    }
}
