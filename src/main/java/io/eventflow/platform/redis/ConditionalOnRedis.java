package io.eventflow.platform.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Cluster mode for shared state: active when {@code spring.data.redis.host} or {@code spring.data.redis.url}
 * is set (and {@code eventflow.redis.enabled} is not {@code false}). Without, EventFlow keeps that state
 * in-process or in its database (embedded default).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(RedisConfiguredCondition.class)
public @interface ConditionalOnRedis {

    /** {@code false} inverts the condition: active only when Redis is not configured. */
    boolean value() default true;
}
