package io.eventflow.realtime;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;

@RestController
class ChatController {

    private final ChatRooms rooms;

    ChatController(ChatRooms rooms) {
        this.rooms = rooms;
    }

    @GetMapping("/api/v1/events/{id}/messages")
    @Operation(summary = "An event's chat history, newest first",
            description = "For the organizer, attendees with a confirmed booking and admins. Live messages: /ws/chat/{event_id}.")
    PageView<ChatMessage> history(CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return rooms.history(user, id, Paging.of(page, size));
    }
}
