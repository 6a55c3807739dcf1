package io.eventflow.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** What Spring Security's firewall refuses once the request is already in Spring MVC. */
class FirewallRefusalTest {

    @RestController
    static class Echo {
        @PostMapping("/api/v1/echo")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }
    }

    // the security filter in front, with its firewall (StrictHttpFirewall) and no chain of its own
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Echo())
            .addFilters(new FilterChainProxy(List.of()))
            .setControllerAdvice(new ProblemHandler())
            .build();

    @Test
    void refusesAFormFieldNameWithAControlCharacterWith400NotA500() throws Exception {
        // a JSON body sent as a form: Spring reads the form's fields while reading the body, and the firewall objects
        mvc.perform(post("/api/v1/echo").contentType("application/x-www-form-urlencoded")
                        .content("{\"events\":[{\"\\u0000\u0007\":[]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("parameter")));
    }
}
