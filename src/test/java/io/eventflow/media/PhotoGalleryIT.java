package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.DomainEvents;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Event photos over real HTTP against PostgreSQL: who may upload, what is accepted, what is stored and served. With
 * the directory store here; {@link S3PhotoGalleryIT} runs every test again with the photos in a bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PhotoGalleryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    PhotoStore store;
    @Autowired
    DomainEvents domainEvents;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    private String event(int capacity) {
        Map<String, Object> event = EventCatalogIT.event("Photo walk");
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    private Session participant(String eventId) {
        Session user = api.register("attendee");
        api.book(user, eventId);
        return user;
    }

    private Response upload(Session user, String eventId, String fileName, String declaredType, byte[] content) {
        String boundary = "----eventflow" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Api.Request request = api.post("/api/v1/events/" + eventId + "/photos")
                .body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return user == null ? request.send() : request.bearer(user).send();
    }

    private HttpResponse<byte[]> download(String path, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> storedFiles() {
        List<String> keys = new ArrayList<>();
        store.forEachKeyWrittenBefore(java.time.Instant.MAX, keys::add);
        return keys;
    }

    @Test
    void revalidatesAGalleryUntilAPhotoIsAddedOrDeleted() {
        String eventId = event(10);
        String gallery = "/api/v1/events/" + eventId + "/photos";
        String photoId = upload(organizer, eventId, "one.png", "image/png", TestImages.png(40, 30)).expect(201)
                .body().get("id").asString();
        Response first = api.get(gallery).send().expect(200);
        String tag = first.header("ETag");

        assertThat(tag).startsWith("W/\"");
        assertThat(first.raw().headers().allValues("Cache-Control")).containsExactly("no-cache, public");
        Response unchanged = api.get(gallery).header("If-None-Match", tag).send();
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.text()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(tag);

        upload(organizer, eventId, "two.png", "image/png", TestImages.png(40, 30)).expect(201);
        Response added = api.get(gallery).header("If-None-Match", tag).send().expect(200);
        assertThat(added.body().get("total").asInt()).isEqualTo(2);
        String twoTag = added.header("ETag");
        assertThat(twoTag).isNotEqualTo(tag);

        api.delete("/api/v1/photos/" + photoId).bearer(organizer).send().expect(204);
        assertThat(api.get(gallery).header("If-None-Match", twoTag).send().status()).isEqualTo(200);
        Response unknown = api.get("/api/v1/events/" + java.util.UUID.randomUUID() + "/photos")
                .header("If-None-Match", tag).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("ETag")).isNull();
    }

    @Test
    void theOrganizerUploadsAPngThatIsServedWithSafeHeadersAndAThumbnail() {
        String eventId = event(10);
        byte[] png = TestImages.png(800, 600);

        Response created = upload(organizer, eventId, "party.png", "image/png", png).expect(201);

        JsonNode body = created.body();
        String id = body.get("id").asString();
        assertThat(body.get("url").asString()).isEqualTo("/api/v1/photos/" + id);
        assertThat(body.get("thumbnail_url").asString()).isEqualTo("/api/v1/photos/" + id + "/thumbnail");
        assertThat(created.header("Location")).isEqualTo("/api/v1/photos/" + id);

        HttpResponse<byte[]> photo = download(body.get("url").asString());
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(photo.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(photo.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(photo.headers().allValues("Cache-Control")).containsExactly("max-age=3600, public");
        assertThat(photo.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline").contains("filename=\"photo-" + id + ".png\"");
        String etag = photo.headers().firstValue("ETag").orElseThrow();
        BufferedImage served = TestImages.decode(photo.body());
        assertThat(served.getWidth()).isEqualTo(800);
        assertThat(served.getHeight()).isEqualTo(600);

        assertThat(download(body.get("url").asString(), "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> thumbnail = download(body.get("thumbnail_url").asString());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        BufferedImage thumb = TestImages.decode(thumbnail.body());
        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(240);
        assertThat(thumbnail.body().length).isLessThan(photo.body().length);
    }

    @Test
    void servesARangeOfAPhotoAndAnswersOneItCannotServeWithAProblemNotTheFile() {
        String eventId = event(10);
        byte[] png = TestImages.png(200, 100);
        String url = upload(organizer, eventId, "range.png", "image/png", png).expect(201).body().get("url").asString();
        int length = download(url).body().length;

        HttpResponse<byte[]> part = download(url, "Range", "bytes=0-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(10);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + length);

        for (String range : new String[] {"bytes=" + (length + 10) + "-", "bytes=abc", "lines=1-2"}) {
            HttpResponse<byte[]> refused = download(url, "Range", range);
            assertThat(refused.statusCode()).as(range).isEqualTo(416);
            assertThat(refused.headers().firstValue("Content-Type")).as(range).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Content-Range")).as(range).hasValue("bytes */" + length);
            assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).as(range).contains("Range");
        }
    }

    @Test
    void anUploadWithTooManyPartsIsA400ThatSaysSoNotATooLargeUpload() {
        String eventId = event(10);
        String boundary = "----eventflow" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 60; i++) { // a few bytes each: far under every size limit, over Tomcat's 50 parts
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(TestImages.png(20, 20));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        Response refused = api.post("/api/v1/events/" + eventId + "/photos").bearer(organizer)
                .body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).send();

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("too many parts");
    }

    @Test
    void aParticipantsJpegLosesItsGpsMetadataButKeepsItsPictureAndSize() {
        String eventId = event(10);
        Session participant = participant(eventId);
        byte[] jpeg = TestImages.jpegWithGps(1024, 768, 1);
        assertThat(TestImages.contains(jpeg, TestImages.SECRET)).isTrue();

        JsonNode body = upload(participant, eventId, "IMG_0001.JPG", "image/jpeg", jpeg).expect(201).body();

        HttpResponse<byte[]> photo = download(body.get("url").asString());
        assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(TestImages.contains(photo.body(), TestImages.SECRET)).isFalse();
        assertThat(TestImages.contains(photo.body(), "Exif")).isFalse(); // orientation 1 needs no Exif at all
        BufferedImage served = TestImages.decode(photo.body());
        assertThat(served.getWidth()).isEqualTo(1024);
        assertThat(served.getHeight()).isEqualTo(768);

        byte[] thumbnail = download(body.get("thumbnail_url").asString()).body();
        BufferedImage thumb = TestImages.decode(thumbnail);
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(320);
        assertThat(thumbnail.length).isLessThan(photo.body().length);
        assertThat(TestImages.contains(thumbnail, TestImages.SECRET)).isFalse();

        JsonNode listed = api.get("/api/v1/events/" + eventId + "/photos").send().expect(200).body().get("items").get(0);
        assertThat(listed.get("uploader_id").asString()).isEqualTo(participant.userId().toString());
        assertThat(listed.get("content_type").asString()).isEqualTo("image/jpeg");
        assertThat(listed.get("width").asInt()).isEqualTo(1024);
        assertThat(listed.get("height").asInt()).isEqualTo(768);
        assertThat(listed.get("size").asLong()).isEqualTo(photo.body().length);
        assertThat(listed.has("created_at")).isTrue();
        assertThat(domainEvents.of(PhotoEvents.PhotoUploaded.class)
                .filter(e -> e.photoId().toString().equals(body.get("id").asString()))).hasSize(1);
    }

    @Test
    void rejectsHtmlDisguisedAsJpeg() {
        String eventId = event(10);
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);

        Response refused = upload(organizer, eventId, "holiday.jpg", "image/jpeg", html);

        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("not a JPEG, PNG, WebP or GIF");
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        assertThat(upload(organizer, eventId, "logo.svg", "image/svg+xml", svg).status()).isEqualTo(415);
        assertThat(api.get("/api/v1/events/" + eventId + "/photos").send().body().get("total").asLong()).isZero();
    }

    @Test
    void rejectsATruncatedImageWithAClearReason() {
        String eventId = event(10);
        byte[] jpeg = TestImages.jpeg(400, 300);

        Response refused = upload(organizer, eventId, "cut.jpg", "image/jpeg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("detail").asString()).contains("truncated or corrupt");
    }

    @Test
    void refusesAPhotoOverTheSizeLimitWithAProblem() {
        String eventId = event(10);
        byte[] big = TestImages.concat(TestImages.jpeg(100, 100), new byte[11 * 1024 * 1024]);

        Response refused = upload(organizer, eventId, "big.jpg", "image/jpeg", big);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("10 MB");
    }

    @Test
    void onlyTheOrganizerAndAttendeesWithAConfirmedSeatMayUpload() {
        String eventId = event(1);
        participant(eventId); // takes the only seat
        Session waitlisted = api.register("attendee");
        api.book(waitlisted, eventId);
        byte[] png = TestImages.png(50, 50);

        assertThat(upload(api.register("attendee"), eventId, "a.png", "image/png", png).status()).isEqualTo(403);
        assertThat(upload(waitlisted, eventId, "a.png", "image/png", png).status()).isEqualTo(403);
        Response anonymous = upload(null, eventId, "a.png", "image/png", png);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(upload(organizer, "0195f0c4-0000-7000-8000-000000000000", "a.png", "image/png", png).status())
                .isEqualTo(404);
    }

    @Test
    void aPathInTheFileNameIsIgnoredAndNothingIsWrittenOutsideTheRoot() throws IOException {
        String eventId = event(10);

        String id = upload(organizer, eventId, "../../etc/passwd.png", "image/png", TestImages.png(40, 40))
                .expect(201).body().get("id").asString();

        if (store instanceof LocalPhotoStore local) {
            assertThat(Files.exists(local.root().getParent().getParent().resolve("etc/passwd.png").normalize())).isFalse();
            try (Stream<Path> files = Files.walk(local.root())) {
                assertThat(files.filter(Files::isRegularFile)).allSatisfy(file -> assertThat(file).startsWith(local.root()));
            }
        }
        assertThat(download("/api/v1/photos/" + id).statusCode()).isEqualTo(200);
        assertThat(storedFiles()).isNotEmpty().allSatisfy(key -> assertThat(key).doesNotContain("passwd")
                .matches("[0-9a-f]{2}/[0-9a-f-]{36}\\.(png|jpg|gif|webp)"));
    }

    @Test
    void concurrentUploadsByParticipantsAreAllStoredAndListedNewestFirst() throws Exception {
        String eventId = event(20);
        List<Session> participants = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            participants.add(participant(eventId));
        }
        List<Callable<Response>> uploads = participants.stream()
                .<Callable<Response>>map(p -> () -> upload(p, eventId, "p.png", "image/png", TestImages.png(200, 150)))
                .toList();

        List<Response> responses = Parallel.run(10, uploads);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        JsonNode page = api.get("/api/v1/events/" + eventId + "/photos?size=5").send().expect(200).body();
        assertThat(page.get("total").asLong()).isEqualTo(10);
        assertThat(page.get("items")).hasSize(5);
        JsonNode all = api.get("/api/v1/events/" + eventId + "/photos?size=100").send().body().get("items");
        List<String> created = new ArrayList<>();
        all.forEach(item -> created.add(item.get("created_at").asString()));
        assertThat(created).isSortedAccordingTo((a, b) -> java.time.Instant.parse(b).compareTo(java.time.Instant.parse(a)));
        all.forEach(item -> assertThat(download(item.get("thumbnail_url").asString()).statusCode()).isEqualTo(200));
    }

    @Test
    void theUploaderTheOrganizerAndAnAdminMayDeleteAndTheFilesGo() throws IOException {
        String eventId = event(10);
        Session uploader = participant(eventId);
        String first = upload(uploader, eventId, "a.png", "image/png", TestImages.png(60, 60)).expect(201).body().get("id").asString();
        String second = upload(uploader, eventId, "b.png", "image/png", TestImages.png(60, 60)).expect(201).body().get("id").asString();
        String third = upload(uploader, eventId, "c.png", "image/png", TestImages.png(60, 60)).expect(201).body().get("id").asString();
        int filesBefore = storedFiles().size();

        assertThat(api.delete("/api/v1/photos/" + first).bearer(api.register("attendee")).send().status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/photos/" + first).send().status()).isEqualTo(401);
        api.delete("/api/v1/photos/" + first).bearer(uploader).send().expect(204);
        api.delete("/api/v1/photos/" + second).bearer(organizer).send().expect(204);
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        api.delete("/api/v1/photos/" + third).bearer(admin).send().expect(204);

        assertThat(download("/api/v1/photos/" + first).statusCode()).isEqualTo(404);
        assertThat(download("/api/v1/photos/" + first + "/thumbnail").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/photos/" + first).bearer(uploader).send().status()).isEqualTo(404);
        assertThat(storedFiles()).hasSizeLessThanOrEqualTo(filesBefore - 6);
        assertThat(domainEvents.of(PhotoEvents.PhotoDeleted.class)
                .filter(e -> e.photoId().toString().equals(first) && !e.byEventDeletion())).hasSize(1);
        assertThat(api.get("/api/v1/events/" + eventId + "/photos").send().body().get("total").asLong()).isZero();
    }

    @Test
    void deletingTheEventRemovesItsPhotos() {
        String eventId = event(10);
        String id = upload(organizer, eventId, "a.gif", "image/gif", TestImages.gifWithComment(80, 60))
                .expect(201).body().get("id").asString();
        assertThat(download("/api/v1/photos/" + id).headers().firstValue("Content-Type")).hasValue("image/gif");

        api.delete("/api/v1/events/" + eventId).bearer(organizer).send().expect(204);

        assertThat(download("/api/v1/photos/" + id).statusCode()).isEqualTo(404);
        assertThat(domainEvents.of(PhotoEvents.PhotoDeleted.class)
                .filter(e -> e.photoId().toString().equals(id) && e.byEventDeletion())).hasSize(1);
        assertThat(api.get("/api/v1/events/" + eventId + "/photos").send().status()).isEqualTo(404);
    }

    @Test
    void aWebpIsAcceptedAndStoredWithoutItsExif() {
        String eventId = event(10);
        JsonNode body = upload(organizer, eventId, "x.png", "image/png", TestImages.webpWithExif()).expect(201).body();

        HttpResponse<byte[]> photo = download(body.get("url").asString());
        assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/webp"); // from the content, not the name
        assertThat(TestImages.contains(photo.body(), TestImages.SECRET)).isFalse();
        assertThat(download(body.get("thumbnail_url").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void theEventPageShowsTheGalleryAndAParticipantUploadsThroughItsForm() throws Exception {
        String eventId = event(10);
        Session participant = participant(eventId);
        String id = upload(organizer, eventId, "a.png", "image/png", TestImages.png(60, 60)).expect(201).body().get("id").asString();

        String anonymousPage = api.get("/events/" + eventId).header("Accept", "text/html").send().expect(200).text();
        assertThat(anonymousPage).contains("/api/v1/photos/" + id + "/thumbnail").doesNotContain("id=\"photo-upload\"");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String form = "username=" + participant.username() + "&password=" + participant.password() + "&_csrf="
                + java.net.URLEncoder.encode(csrf(login), StandardCharsets.UTF_8);
        browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String page = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/events/" + eventId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("id=\"photo-upload\"");
        String token = csrf(page.substring(page.indexOf("id=\"photo-upload\"")));

        String refused = postPhoto(browser, eventId, token, "fake.jpg", "<html><script>".getBytes(StandardCharsets.UTF_8));
        assertThat(refused).contains("id=\"photo-error\"").contains("not a JPEG, PNG, WebP or GIF");
        String accepted = postPhoto(browser, eventId, token, "ok.jpg", TestImages.jpeg(100, 80));
        assertThat(accepted).contains("Your photo was added.");
        assertThat(api.get("/api/v1/events/" + eventId + "/photos").send().body().get("total").asLong()).isEqualTo(2);
    }

    private String postPhoto(HttpClient browser, String eventId, String csrf, String name, byte[] content) throws Exception {
        String boundary = "----web" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + name
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/events/" + eventId + "/photos"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String csrf(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field").isTrue();
        return m.group(1);
    }
}
