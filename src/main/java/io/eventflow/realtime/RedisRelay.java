package io.eventflow.realtime;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Several nodes: every frame is published on one Redis channel that all nodes subscribe to, and each node
 * hands it to its own connections of the topic (its own included, so order is the channel's on every node).
 * One channel rather than one per topic: nodes never subscribe and unsubscribe as clients come and go.
 * Redis pub/sub is at most once; clients resynchronise over REST after a reconnect.
 */
final class RedisRelay implements Relay, MessageListener {

    private final StringRedisTemplate redis;
    private final String channel;
    private final Connections connections;

    RedisRelay(StringRedisTemplate redis, String channel, Connections connections) {
        this.redis = redis;
        this.channel = channel;
        this.connections = connections;
    }

    String channel() {
        return channel;
    }

    @Override
    public void publish(String topic, String frame) {
        redis.convertAndSend(channel, topic + '\n' + frame);
    }

    /** Pipelined: one round trip for all of them (a batch of 1,000 events made 1,000, one after the other). */
    @Override
    public void publishAll(String topic, List<String> frames) {
        byte[] to = channel.getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<@Nullable Object>) connection -> {
            for (String frame : frames) {
                connection.publish(to, (topic + '\n' + frame).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    @Override
    public void onMessage(Message message, byte @Nullable [] pattern) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        int split = body.indexOf('\n');
        if (split > 0) {
            connections.deliver(body.substring(0, split), body.substring(split + 1));
        }
    }
}
