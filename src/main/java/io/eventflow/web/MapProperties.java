package io.eventflow.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The maps of the event page and the search page: where their tiles come from and whose work they are.
 *
 * @param tileUrl     Leaflet's URL template of the tile server, with {z}, {x} and {y} (and {s} for a subdomain); its
 *                    origin is what the pages' content security policy lets images come from
 * @param attribution the credit shown in the map's corner, as HTML (OpenStreetMap's tile policy requires theirs)
 * @param maxZoom     the closest zoom the tile server offers
 */
@ConfigurationProperties("eventflow.web.map")
@Validated
record MapProperties(
        @NotBlank @Pattern(regexp = "https?://[^/\\s;,'\"]+/\\S*\\{z}\\S*\\{x}\\S*\\{y}\\S*",
                message = "must be an http(s) address with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        @DefaultValue("https://tile.openstreetmap.org/{z}/{x}/{y}.png") String tileUrl,
        @NotBlank(message = "must credit the tiles' authors")
        @DefaultValue("&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors") String attribution,
        @Min(value = 1, message = "must be between 1 and 22") @Max(value = 22, message = "must be between 1 and 22")
        @DefaultValue("19") int maxZoom) {

    /**
     * The tile server as a content security policy source: scheme, host and port; a {s} subdomain becomes a
     * wildcard ({@code https://*.tile.example.org}).
     */
    String tileSource() {
        URI address = URI.create(tileUrl.substring(0, tileUrl.indexOf('/', tileUrl.indexOf("//") + 2))
                .replace("{s}", "s-placeholder"));
        String host = address.getHost().replace("s-placeholder", "*");
        return address.getScheme() + "://" + host + (address.getPort() < 0 ? "" : ":" + address.getPort());
    }
}
