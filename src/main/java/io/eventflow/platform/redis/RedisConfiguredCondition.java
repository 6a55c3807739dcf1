package io.eventflow.platform.redis;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

class RedisConfiguredCondition implements Condition {

    static boolean redisConfigured(Environment env) {
        boolean configured = StringUtils.hasText(env.getProperty("spring.data.redis.host"))
                || StringUtils.hasText(env.getProperty("spring.data.redis.url"));
        return configured && env.getProperty("eventflow.redis.enabled", Boolean.class, true);
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, @Nullable Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRedis.class.getName());
        // the attribute has a default (true), so an annotation that is present always carries it
        boolean wanted = attributes == null
                || (Boolean) Objects.requireNonNull(attributes.get("value"), "ConditionalOnRedis.value");
        return redisConfigured(context.getEnvironment()) == wanted;
    }
}
