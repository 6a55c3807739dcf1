package io.eventflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.web.Conditional.Validators;
import tools.jackson.databind.json.JsonMapper;

/** The conditional-request rules of RFC 9110 as the API applies them, on a web slice with the problem handler. */
class ConditionalTest {

    static final String TAG = "\"v7-s3\"";
    /** Tue, 01 Dec 2026 10:00:00 GMT */
    static final Instant CHANGED = Instant.parse("2026-12-01T10:00:00Z");

    @RestController
    static class Resource {
        final AtomicInteger bodiesMade = new AtomicInteger();

        @GetMapping("/api/v1/thing")
        ResponseEntity<Map<String, Object>> thing(@RequestHeader HttpHeaders headers) {
            return Conditional.answer(headers, Validators.shared(TAG), this::body);
        }

        @GetMapping("/api/v1/dated")
        ResponseEntity<Map<String, Object>> dated(@RequestHeader HttpHeaders headers) {
            return Conditional.answer(headers, Validators.shared(TAG).lastModified(CHANGED), this::body);
        }

        @GetMapping("/api/v1/mine")
        ResponseEntity<Map<String, Object>> mine(@RequestHeader HttpHeaders headers) {
            return Conditional.answer(headers, Validators.perCaller(TAG), this::body);
        }

        @GetMapping("/api/v1/gone")
        ResponseEntity<Map<String, Object>> gone(@RequestHeader HttpHeaders headers) {
            return Conditional.answer(headers, Validators.shared(TAG), () -> {
                throw new NotFound("Thing", "x"); // deleted between the check and the read
            });
        }

        private Map<String, Object> body() {
            bodiesMade.incrementAndGet();
            return Map.of("name", "thing");
        }
    }

    private final Resource resource = new Resource();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(resource)
            .setControllerAdvice(new ProblemHandler(), new ConditionalHeaders()).build();

    private MvcResult send(String path, String... headers) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return mvc.perform(request).andReturn();
    }

    @Test
    void answersAReadWithItsETagAndRevalidationForEveryCache() throws Exception {
        mvc.perform(get("/api/v1/thing"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", TAG))
                .andExpect(header().string("Cache-Control", "no-cache, public"))
                .andExpect(header().doesNotExist("Last-Modified"))
                .andExpect(header().doesNotExist("Vary"))
                .andExpect(jsonPath("$.name").value("thing"));
    }

    @Test
    void answers304WithoutBodyButWithValidatorsWhenIfNoneMatchNamesTheCurrentTag() throws Exception {
        MvcResult result = send("/api/v1/thing", "If-None-Match", TAG);

        assertThat(result.getResponse().getStatus()).isEqualTo(304);
        assertThat(result.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(result.getResponse().getHeader("ETag")).isEqualTo(TAG);
        assertThat(result.getResponse().getHeader("Cache-Control")).isEqualTo("no-cache, public");
        assertThat(resource.bodiesMade).hasValue(0);
    }

    @Test
    void comparesIfNoneMatchWeaklyAcrossListsAndLines() throws Exception {
        assertThat(send("/api/v1/thing", "If-None-Match", "W/" + TAG).getResponse().getStatus()).isEqualTo(304);
        assertThat(send("/api/v1/thing", "If-None-Match", "\"old\", W/\"older\", " + TAG).getResponse().getStatus())
                .isEqualTo(304);
        assertThat(send("/api/v1/thing", "If-None-Match", "\"old\"", "If-None-Match", TAG).getResponse().getStatus())
                .isEqualTo(304);
        assertThat(send("/api/v1/thing", "If-None-Match", "*").getResponse().getStatus()).isEqualTo(304);
        assertThat(send("/api/v1/thing", "If-None-Match", "\"old\", W/\"v7-s4\"").getResponse().getStatus()).isEqualTo(200);
        // unquoted is not an entity tag: matches nothing, the full answer follows
        assertThat(send("/api/v1/thing", "If-None-Match", "v7-s3").getResponse().getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/thing", "If-None-Match", "\"v7-s3").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void answers304ToIfModifiedSinceOnlyWhenTheAnswerHasAModificationTime() throws Exception {
        String same = "Tue, 01 Dec 2026 10:00:00 GMT";
        String before = "Tue, 01 Dec 2026 09:59:59 GMT";
        MvcResult dated = send("/api/v1/dated");
        assertThat(dated.getResponse().getHeader("Last-Modified")).isEqualTo(same);

        assertThat(send("/api/v1/dated", "If-Modified-Since", same).getResponse().getStatus()).isEqualTo(304);
        assertThat(send("/api/v1/dated", "If-Modified-Since", "Wed, 02 Dec 2026 08:00:00 GMT").getResponse().getStatus())
                .isEqualTo(304);
        assertThat(send("/api/v1/dated", "If-Modified-Since", before).getResponse().getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/dated", "If-Modified-Since", "yesterday").getResponse().getStatus()).isEqualTo(200);
        // If-None-Match wins: a tag that is not current means a new body, whatever the date says
        assertThat(send("/api/v1/dated", "If-None-Match", "\"old\"", "If-Modified-Since", same).getResponse().getStatus())
                .isEqualTo(200);
        // no Last-Modified, no date to compare: the full answer
        assertThat(send("/api/v1/thing", "If-Modified-Since", same).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void refusesAReadWhoseIfMatchFailsWith412ProblemWithoutETag() throws Exception {
        for (String stale : List.of("\"old\"", "W/" + TAG, "\"old\", W/" + TAG, "garbage")) {
            MvcResult result = send("/api/v1/thing", "If-Match", stale);
            assertThat(result.getResponse().getStatus()).as(stale).isEqualTo(412);
            assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(result.getResponse().getHeader("ETag")).isNull();
        }
        assertThat(send("/api/v1/thing", "If-Match", TAG).getResponse().getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/thing", "If-Match", "\"old\", " + TAG).getResponse().getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/thing", "If-Match", "*").getResponse().getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/dated", "If-Unmodified-Since", "Tue, 01 Dec 2026 09:00:00 GMT").getResponse().getStatus())
                .isEqualTo(412);
        assertThat(send("/api/v1/dated", "If-Unmodified-Since", "Tue, 01 Dec 2026 10:00:00 GMT").getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void marksAnAnswerThatDependsOnTheCallerPrivateAndVaryingOnAuthorizationAlsoOn304() throws Exception {
        mvc.perform(get("/api/v1/mine"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-cache, private"))
                .andExpect(header().string("Vary", "Authorization"));
        MvcResult revalidated = send("/api/v1/mine", "If-None-Match", TAG);
        assertThat(revalidated.getResponse().getStatus()).isEqualTo(304);
        assertThat(revalidated.getResponse().getHeader("Vary")).isEqualTo("Authorization");
        assertThat(revalidated.getResponse().getHeader("Cache-Control")).isEqualTo("no-cache, private");
    }

    @Test
    void neverPutsAnETagOnAProblem() throws Exception {
        mvc.perform(get("/api/v1/gone"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(header().doesNotExist("ETag"))
                .andExpect(header().doesNotExist("Last-Modified"));
    }

    @Test
    void neverPutsAnETagOnARefusalOfTheAcceptedFormats() throws Exception {
        MvcResult refused = send("/api/v1/thing", "Accept", "image/png");

        assertThat(refused.getResponse().getStatus()).isEqualTo(406);
        assertThat(refused.getResponse().getHeader("ETag")).isNull();
        assertThat(refused.getResponse().getHeader("Cache-Control")).isNull();
    }

    @Test
    void tagsABodyWeaklyByItsContent() {
        Conditional conditional = new Conditional(JsonMapper.builder().build());
        String tag = conditional.bodyTag(Map.of("items", List.of(1, 2), "total", 2));

        assertThat(tag).startsWith("W/\"").endsWith("\"");
        assertThat(conditional.bodyTag(Map.of("items", List.of(1, 2), "total", 2))).isEqualTo(tag);
        assertThat(conditional.bodyTag(Map.of("items", List.of(1, 3), "total", 2))).isNotEqualTo(tag);
    }

    @Test
    void refusesToMakeATagThatCouldNotBeSentBack() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Conditional.strong("a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Conditional.strong(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Conditional.strong("v1-s2")).isEqualTo("\"v1-s2\"");
    }
}
