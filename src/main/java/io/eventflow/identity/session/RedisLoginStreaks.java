package io.eventflow.identity.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.eventflow.platform.redis.RedisKeys;

/**
 * Runs of failed sign-ins in Redis, one hash per identifier, so that every node counts the same run: credential
 * stuffing spread over the nodes of a cluster is throttled once, not once per node. The step is one script, atomic
 * across nodes. Times are the application's clock (passed in, so every node and the tests agree); the key expires on
 * its own once the run no longer matters.
 */
class RedisLoginStreaks implements LoginStreaks {

    /**
     * KEYS[1]: the run. ARGV: now (ms), window (ms), failures before the first pause, then the pauses (ms) for that
     * failure and each later one, the last standing for all after it. Answers {admitted, failures, first failure (ms),
     * the pause started (ms) or, when refused, the pause left (ms)}.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CHARGE = RedisScript.of("""
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local threshold = tonumber(ARGV[3])
            local run = redis.call('HMGET', KEYS[1], 'failures', 'first', 'until', 'forget')
            local failures, first, pausedUntil = 0, now, 0
            if run[1] and tonumber(run[4]) > now then
              failures = tonumber(run[1])
              first = tonumber(run[2])
              pausedUntil = tonumber(run[3])
            end
            if pausedUntil > now then
              return {0, failures, first, pausedUntil - now}
            end
            failures = failures + 1
            local pause = 0
            if failures >= threshold then
              pause = tonumber(ARGV[3 + math.min(failures - threshold + 1, #ARGV - 3)])
              pausedUntil = now + pause
            end
            local forget = math.max(now, pausedUntil) + window
            redis.call('HSET', KEYS[1], 'failures', failures, 'first', first, 'until', pausedUntil, 'forget', forget)
            redis.call('PEXPIRE', KEYS[1], forget - now)
            return {1, failures, first, pause}""", List.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final List<String> fixedArguments = new ArrayList<>();

    RedisLoginStreaks(StringRedisTemplate redis, RedisKeys keys, LoginThrottleProperties settings) {
        this.redis = redis;
        this.keys = keys;
        fixedArguments.add(Long.toString(settings.window().toMillis()));
        fixedArguments.add(Integer.toString(settings.failuresBeforeDelay()));
        settings.delays().forEach(delay -> fixedArguments.add(Long.toString(delay.toMillis())));
    }

    @Override
    public Attempt charge(String key, Instant now) {
        List<String> arguments = new ArrayList<>(fixedArguments.size() + 1);
        arguments.add(Long.toString(now.toEpochMilli()));
        arguments.addAll(fixedArguments);
        List<?> answer = redis.execute(CHARGE, List.of(redisKey(key)), arguments.toArray());
        if (answer == null || answer.size() != 4) {
            throw new IllegalStateException("Unexpected answer from the login throttle's script: " + answer);
        }
        boolean admitted = number(answer.get(0)) == 1;
        int failures = (int) number(answer.get(1));
        Instant first = Instant.ofEpochMilli(number(answer.get(2)));
        Duration time = Duration.ofMillis(number(answer.get(3)));
        return admitted ? new Attempt(key, true, failures, first, time, Duration.ZERO)
                : Attempt.refused(key, failures, first, time);
    }

    @Override
    public void forget(String key) {
        redis.delete(redisKey(key));
    }

    private String redisKey(String key) {
        return keys.key("login-throttle", key);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
