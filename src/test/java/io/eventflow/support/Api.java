package io.eventflow.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for full-stack tests: requests go over a socket through Tomcat, the filters and
 * Spring Security, exactly as a user's would.
 */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public Api(int port) {
        this("http://127.0.0.1:" + port);
    }

    public Api(String base) {
        this.base = base;
    }

    /** The same server seen from another client address (honoured because the proxy, 127.0.0.1, is trusted). */
    public Api from(String clientIp) {
        Api other = new Api(base);
        other.defaultHeaders.putAll(defaultHeaders);
        other.defaultHeaders.put("X-Forwarded-For", clientIp);
        return other;
    }

    public String base() {
        return base;
    }

    public Request get(String path) {
        return new Request("GET", path);
    }

    public Request post(String path) {
        return new Request("POST", path);
    }

    public Request put(String path) {
        return new Request("PUT", path);
    }

    public Request patch(String path) {
        return new Request("PATCH", path);
    }

    /** Any other method: HEAD, OPTIONS, … */
    public Request method(String method, String path) {
        return new Request(method, path);
    }

    public Request delete(String path) {
        return new Request("DELETE", path);
    }

    /** Registers a fresh user with a unique name and returns its session. */
    public Session register(String role) {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Response response = post("/api/v1/auth/register")
                .json(Map.of("username", name, "email", name + "@example.com", "password", "password-" + name, "role", role))
                .send();
        response.expect(201);
        return Session.of(response, "password-" + name);
    }

    /** Publishes an event as the organizer, expecting 201, and returns the new event's id. */
    public String createEvent(Session organizer, Map<String, ?> event) {
        return post("/api/v1/events").bearer(organizer).json(event).send().expect(201).body().get("id").asString();
    }

    /** Books the event for the user, expecting 201, and returns the booking (confirmed or waitlisted). */
    public JsonNode book(Session user, String eventId) {
        return post("/api/v1/events/" + eventId + "/bookings").bearer(user).send().expect(201).body();
    }

    public Session login(String identifier, String password) {
        Response response = post("/api/v1/auth/login").json(Map.of("username", identifier, "password", password)).send();
        response.expect(200);
        return Session.of(response, password);
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    public final class Request {
        private final HttpRequest.Builder builder;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String path) {
            this.builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            defaultHeaders.forEach(builder::header);
            this.method = method;
        }

        private final String method;

        public Request bearer(String token) {
            builder.header("Authorization", "Bearer " + token);
            return this;
        }

        public Request bearer(Session session) {
            return bearer(session.accessToken());
        }

        public Request header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        public Request json(Object value) {
            return raw("application/json", value instanceof String s ? s : Api.json(value));
        }

        public Request form(Map<String, String> fields) {
            return raw("application/x-www-form-urlencoded", fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")));
        }

        public Request raw(String contentType, String content) {
            builder.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofString(content);
            return this;
        }

        /** A multipart/form-data body with one file part. */
        public Request file(String field, String fileName, String contentType, byte[] content) {
            String boundary = "eventflow-" + UUID.randomUUID();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        }

        public Request body(String contentType, HttpRequest.BodyPublisher publisher) {
            builder.header("Content-Type", contentType);
            body = publisher;
            return this;
        }

        public Response send() {
            try {
                HttpResponse<String> response = HTTP.send(builder.method(method, body).build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Response(response);
            } catch (IOException e) {
                throw new IllegalStateException(method + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String text() {
            return raw.body();
        }

        public JsonNode body() {
            String text = raw.body();
            return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public Response expect(int status) {
            if (status() != status) {
                throw new AssertionError("Expected " + status + " but got " + status() + ": " + text());
            }
            return this;
        }
    }

    /** A logged-in user as the API returned it. */
    public record Session(UUID userId, String username, String email, String password, String accessToken,
            String refreshToken) {

        static Session of(Response response, String password) {
            JsonNode body = response.body();
            JsonNode user = body.get("user");
            return new Session(UUID.fromString(user.get("id").asString()), user.get("username").asString(),
                    user.path("email").asString(null), password, body.get("access_token").asString(),
                    body.get("refresh_token").asString());
        }
    }
}
