package io.eventflow.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.CharacterEncodingFilter;

/** What the API does with a body it cannot read, before the handler runs. */
class JsonOnlyTest {

    @RestController
    static class Echo {
        @PostMapping("/api/v1/echo")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }
    }

    // Spring Boot's filter, which sets the request's encoding: with it, Spring added the charset to a wildcard type
    // and failed (a 500 through the problem handler)
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Echo())
            .addFilters(new CharacterEncodingFilter("UTF-8", true, false))
            .setControllerAdvice(new ProblemHandler())
            .addMappedInterceptors(new String[] {"/api/**"}, JsonOnly.interceptor())
            .build();

    @Test
    void refusesABodyWhoseContentTypeIsAWildcardWith415NotA500() throws Exception {
        for (String wildcard : new String[] {"*/*", "application/*", "application/*+json"}) {
            mvc.perform(post("/api/v1/echo").contentType(wildcard).content("{\"event_id\": \"x\"}"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.status").value(415));
        }
    }

    @Test
    void stillReadsJson() throws Exception {
        mvc.perform(post("/api/v1/echo").contentType("application/json").content("{\"a\": 1}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.a").value(1));
    }
}
