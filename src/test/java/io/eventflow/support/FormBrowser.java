package io.eventflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser of the web UI without a browser engine: HTML forms over HTTP, with a cookie jar reduced to the session
 * cookie, which it sends to whichever node a request goes to — as a browser behind a round-robin load balancer does.
 * Redirects are not followed; a server error fails the test at once.
 */
public final class FormBrowser {

    /** Spring Session's cookie (identity.session.BrowserSessionStore). */
    public static final String SESSION_COOKIE = "SESSION";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private String session;

    /** The session cookie's value as the server set it, or null before it set one (or after it expired it). */
    public String session() {
        return session;
    }

    public HttpResponse<String> get(Api node, String path) {
        return send(request(node, path).GET());
    }

    public HttpResponse<String> post(Api node, String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(node, path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the form on {@code node}; returns where it redirects to, without following. */
    public String signIn(Api node, String username, String password) {
        String token = csrf(get(node, "/login").body());
        HttpResponse<String> login = post(node, "/login", Map.of("username", username, "password", password, "_csrf", token));
        assertThat(login.statusCode()).isEqualTo(302);
        String location = login.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("signed in").doesNotContain("error");
        return location;
    }

    /** The status of a page: 200 while signed in, 302 to the login page for a page that needs a user otherwise. */
    public int status(Api node, String path) {
        return get(node, path).statusCode();
    }

    /** The CSRF token of the first form on a page. */
    public static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field").isTrue();
        return matcher.group(1);
    }

    private HttpRequest.Builder request(Api node, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base() + path))
                .header("Accept", "text/html").timeout(Duration.ofSeconds(30));
        if (session != null) {
            request.header("Cookie", SESSION_COOKIE + "=" + session);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                if (set.startsWith(SESSION_COOKIE + "=")) {
                    int end = set.indexOf(';') < 0 ? set.length() : set.indexOf(';');
                    String value = set.substring(SESSION_COOKIE.length() + 1, end);
                    session = value.isEmpty() || set.contains("Max-Age=0") ? null : value;
                }
            }
            assertThat(response.statusCode()).as("never a server error").isLessThan(500);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
