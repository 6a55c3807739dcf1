package io.eventflow.notification;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.notification.NotificationType.Channel;
import io.eventflow.platform.Vendor;

/**
 * Per user, type and channel: on or off. Only what a user changed is stored; everything else is the type's
 * default. (Security mails such as password resets are not notification types: they are always sent.)
 */
@Component
class NotificationPreferences {

    private final NamedParameterJdbcTemplate jdbc;
    private final String insert;

    NotificationPreferences(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.insert = vendor.insertIfAbsent("notification_preferences", "user_id, type, channel, enabled", "user_id, type, channel");
    }

    /** Which channels of this type the user gets: one query for both (a notification asks about both). */
    Map<Channel, Boolean> channels(UUID userId, NotificationType type) {
        Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            channels.put(channel, type.enabledByDefault(channel));
        }
        jdbc.query("SELECT channel, enabled FROM notification_preferences WHERE user_id = :user AND type = :type",
                Map.of("user", userId, "type", type.wireName()),
                rs -> {
                    channels.put(Channel.fromWire(rs.getString(1)), rs.getBoolean(2));
                });
        return channels;
    }

    /** Every type with every channel, as {@code {"booking_confirmed": {"email": true, "in_app": true}, ...}}. */
    Map<String, Map<String, Boolean>> all(UUID userId) {
        Map<NotificationType, Map<Channel, Boolean>> stored = new EnumMap<>(NotificationType.class);
        jdbc.query("SELECT type, channel, enabled FROM notification_preferences WHERE user_id = :user", Map.of("user", userId),
                rs -> {
                    stored.computeIfAbsent(NotificationType.fromWire(rs.getString("type")), t -> new EnumMap<>(Channel.class))
                            .put(Channel.fromWire(rs.getString("channel")), rs.getBoolean("enabled"));
                });
        Map<String, Map<String, Boolean>> all = new LinkedHashMap<>();
        for (NotificationType type : NotificationType.values()) {
            Map<String, Boolean> channels = new LinkedHashMap<>();
            for (Channel channel : Channel.values()) {
                Boolean value = stored.getOrDefault(type, Map.of()).get(channel);
                channels.put(channel.wireName(), value != null ? value : type.enabledByDefault(channel));
            }
            all.put(type.wireName(), channels);
        }
        return all;
    }

    @Transactional
    void set(UUID userId, Map<NotificationType, Map<Channel, Boolean>> changes) {
        changes.forEach((type, channels) -> channels.forEach((channel, enabled) -> {
            Map<String, Object> p = Map.of("user_id", userId, "type", type.wireName(), "channel", channel.wireName(), "enabled", enabled);
            if (jdbc.update("UPDATE notification_preferences SET enabled = :enabled WHERE user_id = :user_id AND type = :type "
                    + "AND channel = :channel", p) == 0) {
                jdbc.update(insert, p);
            }
        }));
    }
}
