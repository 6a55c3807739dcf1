package io.eventflow.realtime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.eventflow.platform.redis.ConditionalOnRedis;
import io.eventflow.platform.redis.RedisKeys;

/** In process on one node; through Redis pub/sub when the nodes share a Redis. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    @Bean
    @ConditionalOnRedis(false)
    Relay inProcessRelay(Connections connections) {
        return new InProcessRelay(connections);
    }

    @Bean
    @ConditionalOnRedis
    RedisRelay redisRelay(StringRedisTemplate redis, RedisKeys keys, Connections connections) {
        return new RedisRelay(redis, keys.key("realtime"), connections);
    }

    /**
     * Our own container: the default starts a new thread per message. One thread keeps the channel's order
     * (a chat must not overtake itself) and is enough, since delivery only queues frames on connections.
     */
    @Bean
    @ConditionalOnRedis
    RedisMessageListenerContainer realtimeRelayListener(RedisConnectionFactory redis, RedisRelay relay) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        ThreadPoolTaskExecutor listener = new ThreadPoolTaskExecutor();
        listener.setThreadNamePrefix("realtime-relay-");
        listener.setCorePoolSize(1);
        listener.setMaxPoolSize(1);
        listener.setQueueCapacity(100_000);
        listener.initialize();
        container.setTaskExecutor(listener);
        container.addMessageListener(relay, new ChannelTopic(relay.channel()));
        return container;
    }
}
