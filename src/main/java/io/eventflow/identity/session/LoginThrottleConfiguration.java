package io.eventflow.identity.session;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.eventflow.platform.redis.ConditionalOnRedis;
import io.eventflow.platform.redis.RedisKeys;

/** The login throttle, with its runs where the platform's other limits live: Redis when configured, else memory. */
@Configuration(proxyBeanMethods = false)
class LoginThrottleConfiguration {

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties settings, LoginStreaks streaks, Clock clock,
            LoginThrottleMail mail) {
        return new LoginThrottle(settings, streaks, clock, mail);
    }

    @Bean
    @ConditionalOnRedis(false)
    LoginStreaks inMemoryLoginStreaks(LoginThrottleProperties settings, Clock clock) {
        return new InMemoryLoginStreaks(settings, clock, 100_000);
    }

    @Bean
    @ConditionalOnRedis
    LoginStreaks redisLoginStreaks(StringRedisTemplate redis, RedisKeys keys, LoginThrottleProperties settings) {
        return new RedisLoginStreaks(redis, keys, settings);
    }
}
