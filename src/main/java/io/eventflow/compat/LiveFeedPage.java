package io.eventflow.compat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Seed 000's README sends its users to {@code http://localhost:8000} to watch the socket events in the browser's
 * console. This page connects to {@code /ws/events} and logs every frame there and on the page.
 */
@Hidden
@RestController
@CompatEnabled
class LiveFeedPage {

    private static final Resource PAGE = new ClassPathResource("compat/live-feed.html");

    @GetMapping(path = { CompatPaths.PREFIX, CompatPaths.PREFIX + "/" }, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
    }
}
