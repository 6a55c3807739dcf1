package io.eventflow.identity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestClock;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CredentialHousekeepingIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    CredentialHousekeeping housekeeping;
    @Autowired
    RefreshTokenRepository refreshTokens;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void expiredRefreshTokensAreDeletedAfterAGracePeriodAndLiveOnesStay() {
        Api api = new Api(port);
        Session old = api.register("attendee");

        clock.advance(Duration.ofDays(16));
        Session fresh = api.register("attendee");
        housekeeping.deleteExpired();

        assertThat(refreshTokens.findByTokenHash(OpaqueTokens.hash(old.refreshToken()))).isEmpty();
        assertThat(refreshTokens.findByTokenHash(OpaqueTokens.hash(fresh.refreshToken()))).isPresent();
        api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", fresh.refreshToken())).send().expect(200);
    }
}
