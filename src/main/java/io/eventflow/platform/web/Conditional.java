package io.eventflow.platform.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Conditional reads of the API ({@code If-None-Match}, {@code If-Modified-Since}, and on reads also {@code If-Match},
 * {@code If-Unmodified-Since}), evaluated in RFC 9110's order (section 13.2.2) before the answer's body is made: a
 * client polling an unchanged resource gets a 304 with the validators and caching headers and no body.
 * <p>
 * Why not Spring's own evaluation: Spring MVC checks a returned {@code ResponseEntity}'s ETag only once the body
 * exists (the expensive part a 304 should skip), answers a failed {@code If-Match} with an empty 412, where every
 * refusal of the API is a problem document, and sets the ETag before it negotiates the body's format.
 * <p>
 * Problem responses never carry an ETag: the validators go on the 304 built here, or on the 200 once its body is
 * being written ({@link #ok}), never on the servlet response ahead of the answer, so a read that fails after the
 * check (the event deleted meanwhile, an {@code Accept} that cannot be served) has none.
 */
@Component
public final class Conditional {

    /**
     * An answer that is the same for everyone: any cache may keep it but must revalidate it on every use (live seat
     * counts leave no time a copy could be trusted blindly), which costs a 304 when nothing changed.
     */
    public static final CacheControl PUBLIC = CacheControl.noCache().cachePublic();

    /** An answer that depends on the caller's token: only the caller's own cache may keep it, and revalidates it. */
    public static final CacheControl PRIVATE = CacheControl.noCache().cachePrivate();

    private final JsonMapper json;

    public Conditional(JsonMapper json) {
        this.json = json;
    }

    /**
     * How an answer is validated and cached.
     *
     * @param etag         the entity tag, quoted, strong ({@code "..."}) or weak ({@code W/"..."})
     * @param lastModified when the representation last changed, if that is known exactly; null when it is not (a
     *                     {@code Last-Modified} that missed some changes would make {@code If-Modified-Since} lie)
     * @param cacheControl {@link #PUBLIC} or {@link #PRIVATE}
     * @param vary         the request headers the answer depends on
     */
    public record Validators(String etag, @Nullable Instant lastModified, CacheControl cacheControl, List<String> vary) {

        public Validators {
            if (ETag.parse(etag).size() != 1 || ETag.parse(etag).getFirst().isWildcard()) {
                throw new IllegalArgumentException("Not one quoted entity tag: " + etag);
            }
            vary = List.copyOf(vary);
        }

        /** An answer that is the same for every caller. */
        public static Validators shared(String etag) {
            return new Validators(etag, null, PUBLIC, List.of());
        }

        /** An answer that depends on who asks (their bearer token). */
        public static Validators perCaller(String etag) {
            return new Validators(etag, null, PRIVATE, List.of(HttpHeaders.AUTHORIZATION));
        }

        public Validators lastModified(Instant when) {
            return new Validators(etag, when, cacheControl, vary);
        }

        public Validators cacheControl(CacheControl control) {
            return new Validators(etag, lastModified, control, vary);
        }
    }

    /** {@code "opaque"}: a tag that changes exactly when the representation's bytes do. */
    public static String strong(String opaque) {
        if (opaque.isEmpty() || opaque.chars().anyMatch(c -> c == '"' || c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("An entity tag is printable ASCII without quotes: " + opaque);
        }
        return "\"" + opaque + "\"";
    }

    /**
     * A weak tag over the body as JSON, for lists: what they show (items, their seat counts, the total) moves with
     * every booking and every change to any item, so the answer itself is the cheapest exact source of its tag.
     * Weak, since it is a digest of the answer as this mapper writes it, not of the bytes Spring writes (the same
     * today, but nothing holds them together).
     */
    public String bodyTag(Object body) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5"); // a change detector, not a signature: collisions by design are moot
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has MD5", e);
        }
        try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), md5)) {
            json.writeValue(digest, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "W/\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
    }

    /**
     * The 200 with {@code body} and the validators, or the 304 without it when the request's conditions say the
     * client's copy is current; the body is only made for a 200.
     *
     * @throws ApiException.PreconditionFailed when {@code If-Match} or {@code If-Unmodified-Since} does not hold
     */
    public static <T> ResponseEntity<T> answer(HttpHeaders request, Validators validators, Supplier<T> body) {
        return notModified(request, validators) ? notModified(validators) : ok(validators, body.get());
    }

    /** The 304: the headers a 200 would have carried that a cache needs (RFC 9110, 15.4.5), and no body. */
    public static <T> ResponseEntity<T> notModified(Validators validators) {
        return headers(ResponseEntity.status(HttpStatus.NOT_MODIFIED), validators).build();
    }

    /**
     * The 200. Its validators and caching headers are set by {@link ConditionalHeaders} once Spring has chosen how
     * to write the body, not on the entity: a request whose {@code Accept} turns out unacceptable then gets its 406
     * problem without them (on the entity, Spring's own revalidation put them on the response before negotiating,
     * and the problem kept them). The order of refusals stays as it was: an unknown event is a 404 whatever the
     * {@code Accept}.
     */
    public static <T> ResponseEntity<T> ok(Validators validators, T body) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return headers(ResponseEntity.ok(), validators).body(body); // outside a request: nothing to negotiate
        }
        request.setAttribute(ConditionalHeaders.PENDING, new ConditionalHeaders.Pending(body, validators),
                RequestAttributes.SCOPE_REQUEST);
        return ResponseEntity.ok(body);
    }

    static void apply(HttpHeaders response, Validators validators) {
        response.setETag(validators.etag());
        response.setCacheControl(validators.cacheControl());
        if (validators.lastModified() != null) {
            response.setLastModified(validators.lastModified());
        }
        if (!validators.vary().isEmpty()) {
            java.util.LinkedHashSet<String> vary = new java.util.LinkedHashSet<>(response.getVary());
            vary.addAll(validators.vary());
            response.setVary(List.copyOf(vary));
        }
    }

    private static ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder builder, Validators validators) {
        builder.eTag(validators.etag()).cacheControl(validators.cacheControl());
        if (validators.lastModified() != null) {
            builder.lastModified(validators.lastModified());
        }
        if (!validators.vary().isEmpty()) {
            builder.varyBy(validators.vary().toArray(String[]::new));
        }
        return builder;
    }

    /**
     * Whether the client's copy is current (answer 304), after the preconditions of a read: RFC 9110's order,
     * {@code If-Match} (strong comparison), else {@code If-Unmodified-Since}; then {@code If-None-Match} (weak
     * comparison, lists, {@code *}), else {@code If-Modified-Since}. A date that does not parse is ignored, as the
     * RFC asks; so is a date condition when the representation has no modification time.
     *
     * @throws ApiException.PreconditionFailed when {@code If-Match} or {@code If-Unmodified-Since} does not hold
     */
    public static boolean notModified(HttpHeaders request, Validators validators) {
        ETag current = ETag.create(validators.etag());
        Instant lastModified = validators.lastModified();
        if (request.containsHeader(HttpHeaders.IF_MATCH)) {
            if (tags(request, HttpHeaders.IF_MATCH).stream().noneMatch(tag -> tag.isWildcard() || tag.compare(current, true))) {
                throw new ApiException.PreconditionFailed("If-Match names no current entity tag of this resource "
                        + "(compared strongly: a weak W/ tag never matches); read it again");
            }
        } else if (lastModified != null) {
            Instant unmodifiedSince = date(request, HttpHeaders.IF_UNMODIFIED_SINCE);
            if (unmodifiedSince != null && lastModified.getEpochSecond() > unmodifiedSince.getEpochSecond()) {
                throw new ApiException.PreconditionFailed("The resource was modified after If-Unmodified-Since; read it again");
            }
        }
        if (request.containsHeader(HttpHeaders.IF_NONE_MATCH)) {
            return tags(request, HttpHeaders.IF_NONE_MATCH).stream()
                    .anyMatch(tag -> tag.isWildcard() || tag.compare(current, false));
        }
        Instant modifiedSince = lastModified == null ? null : date(request, HttpHeaders.IF_MODIFIED_SINCE);
        return lastModified != null && modifiedSince != null
                && lastModified.getEpochSecond() <= modifiedSince.getEpochSecond();
    }

    /**
     * The entity tags of every line of the header, lists included. What does not parse as a quoted tag is left out
     * (Spring's lenient parser), so a malformed header matches nothing rather than failing the request.
     */
    public static List<ETag> tags(HttpHeaders request, String header) {
        return request.getOrEmpty(header).stream().flatMap(line -> ETag.parse(line).stream()).toList();
    }

    private static @Nullable Instant date(HttpHeaders request, String header) {
        String value = request.getFirst(header);
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
