package io.eventflow.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One delivery attempt over HTTP: the SSRF check of the moment, then a POST of the JSON payload with the Standard
 * Webhooks headers, within the connect and read timeouts, following no redirect (a 3xx is a failure: a redirect could
 * lead anywhere, the private network included). Of the answer only its status and the first bytes of its body are
 * kept.
 */
@Component
class WebhookSender implements DisposableBean {

    static final int EXCERPT_BYTES = 400;

    private final AddressGuard guard;
    private final WebhookProperties properties;
    private final Clock clock;
    private final HttpClient client;

    WebhookSender(AddressGuard guard, WebhookProperties properties, Clock clock) {
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** What one attempt got: a status code, or why it got none. */
    record Outcome(@Nullable Integer statusCode, long durationMs, @Nullable String error, @Nullable String excerpt) {

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        /** For the owner: the status, or what went wrong. */
        String describe() {
            return error != null ? error : "HTTP " + statusCode;
        }
    }

    Outcome send(WebhookRepository.Endpoint endpoint, WebhookRepository.Delivery delivery) {
        long started = System.nanoTime();
        var refused = guard.refusal(endpoint.url());
        if (refused.isPresent()) {
            return new Outcome(null, 0, "refused: the URL " + refused.get(), null);
        }
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(endpoint.url()));
        } catch (IllegalArgumentException e) {
            return new Outcome(null, 0, "refused: the URL is not valid", null); // stored before a check was added
        }
        HttpRequest request = builder
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "EventFlow-Webhooks/1")
                .header("webhook-id", delivery.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures(endpoint, delivery, timestamp, now))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, info -> new Excerpt());
        Duration budget = properties.connectTimeout().plus(properties.readTimeout()).plusSeconds(1);
        try {
            HttpResponse<String> response = pending.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            String error = status >= 200 && status < 300 ? null
                    : status >= 300 && status < 400 ? "HTTP " + status + ": redirects are not followed" : "HTTP " + status;
            return new Outcome(status, millisSince(started), error, blankToNull(response.body()));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Outcome(null, millisSince(started), "no answer within " + seconds(budget), null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, millisSince(started), "interrupted: the node is stopping", null);
        } catch (ExecutionException e) {
            return new Outcome(null, millisSince(started), reason(e.getCause()), null);
        }
    }

    private String signatures(WebhookRepository.Endpoint endpoint, WebhookRepository.Delivery delivery, long timestamp,
            Instant now) {
        List<String> signatures = new ArrayList<>();
        signatures.add(Signatures.sign(endpoint.secret(), delivery.messageId(), timestamp, delivery.payload()));
        if (endpoint.previousSecret() != null && endpoint.previousExpiresAt() != null
                && now.isBefore(endpoint.previousExpiresAt())) {
            signatures.add(Signatures.sign(endpoint.previousSecret(), delivery.messageId(), timestamp, delivery.payload()));
        }
        return String.join(" ", signatures);
    }

    private String reason(@Nullable Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect within " + seconds(properties.connectTimeout());
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + seconds(properties.readTimeout());
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException io) {
            return "connection failed: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
        }
        return "failed: " + (cause == null ? "unknown" : cause.toString());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void destroy() {
        client.shutdownNow();
    }

    /** Keeps the first {@link #EXCERPT_BYTES} bytes of the body and stops reading there. */
    static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.@Nullable Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                int n = Math.min(buffer.remaining(), EXCERPT_BYTES - bytes.size());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
            }
            Flow.Subscription s = subscription;
            if (s == null) {
                return;
            }
            if (bytes.size() >= EXCERPT_BYTES) {
                s.cancel();
                onComplete();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            onComplete(); // the status is what counts; what came of the body is kept as it is
        }

        @Override
        public void onComplete() {
            result.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
    }
}
