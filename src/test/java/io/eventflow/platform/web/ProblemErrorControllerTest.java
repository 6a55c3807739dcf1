package io.eventflow.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The error page's answer to errors raised outside Spring MVC (a filter, the security firewall, Tomcat). */
class ProblemErrorControllerTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ProblemErrorController())
            .setViewResolvers((name, locale) -> (model, request, response) -> response.getWriter().write("page " + name))
            .build();

    /** The error dispatch the container makes after {@code sendError(400)} for the request to {@code uri}. */
    private static MockHttpServletRequestBuilder errorDispatch(String uri) {
        return get("/error").accept("text/html")
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, uri)
                .with(request -> {
                    request.setDispatcherType(DispatcherType.ERROR);
                    return request;
                });
    }

    @Test
    void answersAnApiRequestWithAProblemEvenWhenItAcceptsOnlyHtml() throws Exception {
        mvc.perform(errorDispatch("/api/v1/users/a;b=c/bookings"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Bad Request"));
    }

    @Test
    void stillShowsBrowsersTheErrorPageElsewhere() throws Exception {
        mvc.perform(errorDispatch("/events/a;b=c"))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("error"));
    }
}
