package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void eachPathBelongsToTheApiThatServedIt() {
        assertThat(Dialect.of("/create")).isEqualTo(Dialect.EVENTS_SOCKET);
        assertThat(Dialect.of("/events/get_all")).isEqualTo(Dialect.EVENTS_SOCKET);
        assertThat(Dialect.of("/events")).isEqualTo(Dialect.EVENT_MANAGER);
        assertThat(Dialect.of("/sort_by/popularity")).isEqualTo(Dialect.EVENT_MANAGER);
        assertThat(Dialect.of("/api/events/")).isEqualTo(Dialect.ALPHABET);
        assertThat(Dialect.of("/no/such/route")).isEqualTo(Dialect.EVENTS_SOCKET);
    }

    @Test
    void findsTheDoorOfAPrefixedPathAndThePathAsTheOldClientWroteIt() {
        assertThat(Door.below("/api/compat/events")).isEqualTo(Door.OLD_APIS);
        assertThat(Door.OLD_APIS.strip("/api/compat/events")).isEqualTo("/events");
        assertThat(Door.OLD_APIS.strip("/api/compat")).isEqualTo("/");
        assertThat(Door.below("/api/compat-v1/api/v1/events")).isEqualTo(Door.V1_API);
        assertThat(Door.below("/api/compat-gateway/events")).isEqualTo(Door.GATEWAY);
        assertThat(Door.below("/api/compatible")).isNull();
        assertThat(Door.below("/api/v1/events")).isNull();
        assertThat(Door.V1_API.dialect("/api/v1/nothing")).isEqualTo(Dialect.V1_API);
        assertThat(Door.OLD_APIS.dialect("/api/events/")).isEqualTo(Dialect.ALPHABET);
    }

    @Test
    void onlyEventFlowsOwnPathsPassThroughAPortUnprefixed() {
        assertThat(Door.OLD_APIS.passesThrough("/ws/events")).isTrue();
        assertThat(Door.V1_API.passesThrough("/ws/chat/3f1c")).isTrue();
        assertThat(Door.V1_API.passesThrough("/api/v1/photos/3f1c")).isTrue(); // what photo_gallery links to
        assertThat(Door.V1_API.passesThrough("/api/v1/events")).isFalse();
        assertThat(Door.V1_API.passesThrough("/api/v1/photosynthesis")).isFalse();
        assertThat(Door.OLD_APIS.passesThrough("/api/v1/photos/3f1c")).isFalse();
    }

    @Test
    void speaksEachApisErrorShape() {
        List<Map<String, String>> errors = List.of(Map.of("field", "title", "message", "must not be blank"),
                Map.of("field", "title", "message", "is too long"));
        assertThat(Dialect.EVENTS_SOCKET.body("Invalid input", errors))
                .containsEntry("error", "Invalid input").containsEntry("errors", Map.of("title", "must not be blank; is too long"));
        assertThat(Dialect.ALPHABET.body("Invalid input", errors))
                .containsEntry("detail", "Invalid input").containsEntry("title", List.of("must not be blank", "is too long"));
        assertThat(Dialect.EVENT_MANAGER.body("Not found", List.of())).isEqualTo(Map.of("message", "Not found"));
    }
}
