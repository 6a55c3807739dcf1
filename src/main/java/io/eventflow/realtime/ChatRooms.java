package io.eventflow.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.platform.ratelimit.NamedLimit;
import io.eventflow.platform.ratelimit.RateLimits;

/**
 * Who may talk in an event's chat (its organizer and the attendees holding a confirmed seat), what they said,
 * and how fast they may say it. Messages are stored first and pushed after the commit, so history and
 * what clients saw agree.
 */
@Service
class ChatRooms {

    enum Access { ALLOWED, FORBIDDEN, NO_SUCH_EVENT }

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final ChatMessageRepository messages;
    private final Fanout fanout;
    private final IdGenerator ids;
    private final Clock clock;
    private final RealtimeProperties.Chat limits;
    /**
     * Per user, a burst and then a steady rate, in the platform's rate-limit store: with Redis one bucket for all
     * nodes, so connections to several nodes do not multiply the allowance.
     */
    private final NamedLimit sendRate;
    private final NamedLimit joinRate;

    ChatRooms(EventCatalog catalog, Bookings bookings, ChatMessageRepository messages, Fanout fanout, IdGenerator ids, Clock clock,
            RealtimeProperties properties, RateLimits rateLimits) {
        this.catalog = catalog;
        this.bookings = bookings;
        this.messages = messages;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
        this.limits = properties.chat();
        this.sendRate = rateLimits.define("chat-messages", limits.burst(), limits.perTenSeconds(), Duration.ofSeconds(10));
        this.joinRate = rateLimits.define("chat-joins", limits.burst(), limits.perTenSeconds(), Duration.ofSeconds(10));
    }

    Access access(CurrentUser user, UUID eventId) {
        // the room is for those who take part in the event (booking's ParticipantPolicy)
        return catalog.find(eventId).map(event -> bookings.takesPart(user, event) ? Access.ALLOWED : Access.FORBIDDEN)
                .orElse(Access.NO_SUCH_EVENT);
    }

    List<ChatMessage> recent(UUID eventId) {
        return messages.recent(eventId, limits.history());
    }

    /**
     * What a client that shows everything up to message {@code after} is missing, oldest first; null when that cannot
     * be told (no such message in this chat, or more than the history limit since), and the client needs
     * {@link #recent} instead.
     */
    @Nullable List<ChatMessage> after(UUID eventId, UUID after) {
        return messages.after(eventId, after, limits.history());
    }

    /** Null if the text is fine, else what is wrong with it. */
    @Nullable String problemWith(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return "A message needs a non-empty 'text'";
        }
        if (text.length() > limits.maxLength()) {
            return "A message is at most " + limits.maxLength() + " characters; this one has " + text.length();
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
            // PostgreSQL refuses NUL in text outright; the other control characters have no place in a chat line
            return "A message may not contain control characters (other than line breaks and tabs)";
        }
        return null;
    }

    /** False if the user sends faster than allowed. */
    boolean mayPost(CurrentUser user) {
        return sendRate.tryConsume("user:" + user.id()).allowed();
    }

    /**
     * False if the user joins faster than allowed (same limits as messages, a bucket of its own): each join tells the
     * whole room on every node, so a join-leave loop would otherwise flood it around the message limit.
     */
    boolean mayJoin(CurrentUser user) {
        return joinRate.tryConsume("user:" + user.id()).allowed();
    }

    @Transactional
    ChatMessage post(CurrentUser user, UUID eventId, String text) {
        ChatMessage message = new ChatMessage(ids.next(), eventId, user.id(), user.username(), text, clock.instant());
        messages.add(message);
        fanout.publish(Topics.chat(eventId), "new_message", message); // after the commit
        return message;
    }

    void announce(UUID eventId, String type, CurrentUser user) {
        fanout.publish(Topics.chat(eventId), type, new Member(user.id(), user.username()));
    }

    record Member(UUID userId, String username) {
    }

    /** History over REST: for the members of the room and admins. */
    PageView<ChatMessage> history(CurrentUser user, UUID eventId, Paging paging) {
        Access access = access(user, eventId);
        if (access == Access.NO_SUCH_EVENT) {
            throw new EventNotFound(eventId);
        }
        if (access == Access.FORBIDDEN && !user.isAdmin()) {
            throw new NotAllowed("Only the organizer and attendees with a confirmed booking may read this chat");
        }
        return new PageView<>(messages.page(eventId, paging.size(), paging.offset()), paging.page(), paging.size(),
                messages.count(eventId));
    }

    /** Same transaction as the deletion: the chat goes with its event. */
    @EventListener
    void on(EventDeleted deleted) {
        messages.deleteOfEvent(deleted.event().id());
    }
}
