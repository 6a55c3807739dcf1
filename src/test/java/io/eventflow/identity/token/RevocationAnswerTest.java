package io.eventflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.eventflow.identity.token.RedisTokenRevocations.Answer;

/** What one MGET (token key, user cutoff, marker) means, and when a node stops asking a lost Redis. */
class RevocationAnswerTest {

    private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
    private static final String LOADED = "2026-11-22T09:00:00Z";

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    @Test
    void aRevocationInRedisIsFinalWithOrWithoutTheMarker() {
        assertThat(RedisTokenRevocations.answer("1", null, LOADED, ISSUED)).isEqualTo(Answer.REVOKED);
        assertThat(RedisTokenRevocations.answer("1", null, null, ISSUED)).isEqualTo(Answer.REVOKED);
        String later = millis(ISSUED.plusMillis(1));
        assertThat(RedisTokenRevocations.answer(null, later, LOADED, ISSUED)).isEqualTo(Answer.REVOKED);
        assertThat(RedisTokenRevocations.answer(null, later, null, ISSUED)).isEqualTo(Answer.REVOKED);
    }

    @Test
    void onlyAWholeCopyCanSayATokenIsValid() {
        assertThat(RedisTokenRevocations.answer(null, null, LOADED, ISSUED)).isEqualTo(Answer.VALID);
        assertThat(RedisTokenRevocations.answer(null, null, null, ISSUED)).isEqualTo(Answer.ASK_DATABASE);
    }

    @Test
    void aCutoffBeforeTheTokenLetsItThroughIfTheCopyIsWhole() {
        String earlier = millis(ISSUED.minusSeconds(1));
        assertThat(RedisTokenRevocations.answer(null, earlier, LOADED, ISSUED)).isEqualTo(Answer.VALID);
        assertThat(RedisTokenRevocations.answer(null, millis(ISSUED), LOADED, ISSUED))
                .as("a token issued in the very millisecond of the cutoff was issued after it").isEqualTo(Answer.VALID);
        assertThat(RedisTokenRevocations.answer(null, earlier, null, ISSUED)).isEqualTo(Answer.ASK_DATABASE);
    }

    @Test
    void aValueThatIsNotOursIsNoAnswer() {
        assertThat(RedisTokenRevocations.answer(null, "garbage", LOADED, ISSUED)).isEqualTo(Answer.ASK_DATABASE);
    }

    @Test
    void aLostRedisIsAskedAgainByOneCheckPerPause() {
        AtomicLong now = new AtomicLong(1_000);
        RedisOutage outage = new RedisOutage(Duration.ofNanos(100), now::get);
        assertThat(outage.mayAsk()).isTrue();

        outage.failed("checking a token", new IllegalStateException("connection refused"));
        assertThat(outage.isLost()).isTrue();
        assertThat(outage.mayAsk()).isFalse();
        now.addAndGet(99);
        assertThat(outage.mayAsk()).isFalse();
        now.addAndGet(1);
        assertThat(outage.mayAsk()).as("one check tries again").isTrue();
        assertThat(outage.mayAsk()).as("the others go on to the database").isFalse();

        outage.answered();
        assertThat(outage.isLost()).isFalse();
        assertThat(outage.mayAsk()).isTrue();
        assertThat(outage.mayAsk()).isTrue();
    }
}
