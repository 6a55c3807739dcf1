package io.eventflow.media;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.eventflow.identity.CurrentUser;
import io.eventflow.media.PhotoRepository.Photo;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.platform.web.ApiException;
import io.eventflow.platform.web.Conditional;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Photos", description = "Event photo galleries")
class PhotoController {

    /**
     * A stored file never changes for its id, but it can be deleted (a photo its uploader regrets): shared caches
     * keep it an hour at most, then revalidate with the ETag (a 304 costs no body).
     */
    private static final CacheControl CACHED = CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic();
    /** Served bytes are images only; should a browser ever treat one as a document, it may run nothing. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /** Seconds an upload refused for want of a decoding slot is told to wait. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final PhotoService photos;
    private final PhotoStore store;
    private final Conditional conditional;

    PhotoController(PhotoService photos, PhotoStore store, Conditional conditional) {
        this.photos = photos;
        this.store = store;
        this.conditional = conditional;
    }

    @PostMapping(path = "/api/v1/events/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add a photo to an event (its organizer, attendees with a confirmed seat)",
            description = "Multipart field `photo`. JPEG, PNG, WebP or GIF, recognised by content (never by file name or "
                    + "declared type), at most `eventflow.media.max-size` (10 MB), 50 megapixels and 150 MB once decoded "
                    + "(pixels of every frame times the bytes of one pixel at the file's bit depth). Metadata (Exif "
                    + "incl. GPS, XMP, comments) is removed from what is stored; a thumbnail is made.",
            responses = {
                    @ApiResponse(responseCode = "201", description = "Stored; Location is the photo's file"),
                    @ApiResponse(responseCode = "403", description = "Neither the organizer nor holding a confirmed seat",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "413", description = "Larger than the size limit",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "415", description = "Not a JPEG, PNG, WebP or GIF image by content",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "422", description = "A truncated or corrupt image, too many pixels, too "
                            + "costly to decode, or slower to decode than `eventflow.media.decode-timeout`",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "503", description = "No decoding slot came free within "
                            + "`eventflow.media.decode-wait`, or the photo storage could not be reached in time "
                            + "(nothing of the upload is kept); retry after `Retry-After` seconds",
                            content = @Content(mediaType = "application/problem+json"))})
    ResponseEntity<PhotoView> upload(CurrentUser user, @PathVariable UUID id,
            @Parameter(description = "The image file") @RequestPart(name = "photo", required = false)
            @Nullable MultipartFile photo) {
        if (photo == null || photo.isEmpty()) {
            throw InvalidInput.field("photo", "attach an image file as multipart field 'photo'");
        }
        PhotoView view;
        try {
            view = photos.upload(user, id, photo.getOriginalFilename(), photo.getSize(), photo);
        } catch (MediaProblems.Busy busy) {
            throw decodersBusy();
        }
        return ResponseEntity.created(URI.create(view.url())).body(view);
    }

    /**
     * Every decoding slot stayed taken for {@code decode-wait}: 503 and when to come back (the platform's problem
     * handler answers Spring's {@link ErrorResponseException} with its headers). The decodes holding the slots end
     * within their own time limit, so a short {@code Retry-After} is honest.
     */
    private static ErrorResponseException decodersBusy() {
        ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, MediaProblems.Busy.DETAIL), null);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return busy;
    }

    @GetMapping("/api/v1/events/{id}/photos")
    @Operation(summary = "An event's photos, newest first (anyone)", description = "ETag over the answer: "
            + "If-None-Match with it gives 304 while no photo was added or deleted (Cache-Control: public, no-cache).",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", schema = @Schema(type = "string"),
                    description = "ETags of the copy the client holds (weak comparison, lists, *): 304 if one is current"),
            responses = {@ApiResponse(responseCode = "200", description = "The page of photos", useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "304", description = "Not modified: no body, the same ETag and caching "
                            + "headers", content = @Content)})
    ResponseEntity<PageView<PhotoView>> ofEvent(@PathVariable UUID id, @RequestHeader HttpHeaders headers,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageView<PhotoView> gallery = photos.ofEvent(id, Paging.of(page, size));
        return Conditional.answer(headers, Conditional.Validators.shared(conditional.bodyTag(gallery)), () -> gallery);
    }

    @GetMapping("/api/v1/photos/{id}")
    @Operation(summary = "The photo file (anyone)", description = "Without metadata, with the type of its validated "
            + "content; cached for a year (a photo never changes), ETag for revalidation.")
    ResponseEntity<Resource> file(@PathVariable UUID id, @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        Photo photo = photos.find(id);
        return serve(photo, photo.storageKey(), photo.contentType(), "\"" + id + "\"", "photo-" + id, range);
    }

    @GetMapping("/api/v1/photos/{id}/thumbnail")
    @Operation(summary = "The photo's thumbnail, at most 320 pixels on its long side (anyone)")
    ResponseEntity<Resource> thumbnail(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        Photo photo = photos.find(id);
        return serve(photo, photo.thumbnailKey(), photo.thumbnailType(), "\"" + id + "-thumbnail\"", "photo-" + id + "-thumbnail",
                range);
    }

    @DeleteMapping("/api/v1/photos/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a photo (its uploader, the event's organizer, an admin)")
    void delete(CurrentUser user, @PathVariable UUID id) {
        photos.delete(user, id);
    }

    private ResponseEntity<Resource> serve(Photo photo, String key, String contentType, String etag, String name,
            String range) {
        Resource file = store.get(key).orElseThrow(() -> new NotFound("Photo", photo.id()));
        if (range != null) {
            checkRange(range, file);
        }
        PhotoContent.Kind kind = PhotoContent.Kind.ofContentType(contentType); // from our validation, never the client
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(kind.contentType))
                .cacheControl(CACHED)
                .eTag(etag)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(name + "." + kind.extension).build().toString())
                .body(file);
    }

    /**
     * Spring serves the parts a valid {@code Range} asks for (206). One it cannot serve it answers with 416 and the
     * whole file as the body, marked cacheable: refused here first with a problem instead.
     */
    private static void checkRange(String range, Resource file) {
        long length;
        try {
            length = file.contentLength();
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), file);
        } catch (IllegalArgumentException unsatisfiable) {
            throw new ApiException.RangeNotSatisfiable("Range '" + range + "' cannot be served from " + length
                    + " bytes: " + unsatisfiable.getMessage(), length);
        }
    }
}
