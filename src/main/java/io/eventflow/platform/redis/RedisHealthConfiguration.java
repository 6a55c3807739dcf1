package io.eventflow.platform.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Boot's own Redis health check is switched off in application.yml because the Redis client is on the
 * classpath even in embedded mode, where nothing should be probed; this one exists only when Redis is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRedis
class RedisHealthConfiguration {

    @Bean("redisHealthIndicator")
    HealthIndicator redisHealthIndicator(RedisConnectionFactory connections) {
        return () -> {
            try (RedisConnection connection = connections.getConnection()) {
                String pong = connection.ping();
                return Health.up().withDetail("ping", pong).build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
