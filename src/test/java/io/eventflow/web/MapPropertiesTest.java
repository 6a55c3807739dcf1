package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MapPropertiesTest {

    private static String sourceOf(String tileUrl) {
        return new MapProperties(tileUrl, "credit", 19).tileSource();
    }

    @Test
    void letsThePagesLoadImagesFromTheTileServersOriginOnly() {
        assertThat(sourceOf("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).isEqualTo("https://tile.openstreetmap.org");
        assertThat(sourceOf("http://127.0.0.1:8089/tiles/{z}/{x}/{y}.png")).isEqualTo("http://127.0.0.1:8089");
    }

    @Test
    void turnsASubdomainPlaceholderIntoAWildcard() {
        assertThat(sourceOf("https://{s}.tile.example.org/{z}/{x}/{y}.png?key=abc")).isEqualTo("https://*.tile.example.org");
    }
}
