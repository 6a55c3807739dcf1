package io.eventflow.compat;

import java.time.Duration;
import java.time.ZoneId;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The compatibility layer's settings ({@code eventflow.compat.*}, documented in docs/compatibility.md).
 *
 * @param enabled          false removes every compatibility route, the extra port and the public page
 * @param port             the extra port the old APIs are served on, as their READMEs promise; 0 picks a free one,
 *                         -1 serves them only under {@link CompatPaths#PREFIX} on the main port
 * @param v1Port           seed 004's port (5000, as its README says), likewise; -1 serves it only under
 *                         {@link CompatPaths#V1_PREFIX}
 * @param anonymousWrites  who may create, change and delete events without an account (the old APIs had none)
 * @param builtInOrganizer the username of the account that owns anonymously created events
 * @param timeZone         where a time without an offset, or a date without a time, is read
 * @param defaultDuration  how long an event lasts when the old API gives only its start
 * @param concurrentLists  whole-catalog answers streamed at once per node (each holds a database connection while
 *                         it is written); further ones are told to retry
 */
@ConfigurationProperties("eventflow.compat")
@Validated
record CompatProperties(@DefaultValue("true") boolean enabled,
        @Min(value = -1, message = PORT) @Max(value = 65535, message = PORT) @DefaultValue("8000") int port,
        @Min(value = -1, message = PORT) @Max(value = 65535, message = PORT) @DefaultValue("5000") int v1Port,
        @DefaultValue("loopback") AnonymousWrites anonymousWrites,
        @NotBlank(message = "must name the organizer account of anonymously created events")
        @DefaultValue("Anonymous organizer") String builtInOrganizer, @DefaultValue("UTC") ZoneId timeZone,
        @DurationMin(minutes = 1, message = "must be at least 1 minute") @DefaultValue("2h") Duration defaultDuration,
        @Min(value = 1, message = "must be at least 1") @DefaultValue("4") int concurrentLists) {

    private static final String PORT = "must be a port (1-65535), 0 for a free one, or -1 for none";

    enum AnonymousWrites {
        /** From this machine only: the connection's peer and any forwarded client are loopback addresses. */
        LOOPBACK,
        NEVER,
        /** From anywhere: an open door for writes; only for a closed network. */
        ALWAYS
    }
}
