package io.eventflow.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletResponse;

import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Replaces Boot's whitelabel/JSON error page, which answers errors raised outside Spring MVC
 * (by Tomcat, a filter or Spring Security), so that those too are problem details, or for a browser
 * asking for HTML an error page.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    /**
     * Browsers get a page (template {@code error}), everyone else a problem document. The API answers problems
     * whatever the client accepts: a request to {@code /api/...} whose path the security firewall refused (a
     * {@code ;} in it) got the HTML page when it asked for {@code text/html} (found by ApiFuzzIT).
     */
    @RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
    Object errorPage(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri && uri.startsWith("/api/")) {
            return error(request);
        }
        HttpStatus status = status(request);
        response.setStatus(status.value());
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Outages.RETRY_AFTER_SECONDS);
        }
        return new ModelAndView("error", Map.of("status", status.value(), "title", status.getReasonPhrase(),
                "detail", detail(status), "request_id", String.valueOf(RequestIdFilter.current(request))), status);
    }

    @RequestMapping(path = "/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            problem.setInstance(java.net.URI.create(uri.toString()));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Outages.RETRY_AFTER_SECONDS);
        }
        return response.body(ProblemResponses.asMap(problem, request));
    }

    /** A filter's failure arrives here as a 500; one that an unreachable server explains is a 503. */
    private static HttpStatus status(HttpServletRequest request) {
        if (Outages.explains(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure ? failure : null)) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            return HttpStatus.NOT_FOUND; // /error asked for directly: there is no resource of that name
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c)
                : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No resource at this path";
            case FORBIDDEN -> "You are not allowed to do this";
            case CONTENT_TOO_LARGE -> "The request is too large";
            case INTERNAL_SERVER_ERROR -> "An unexpected error occurred; quote the request id when reporting it";
            case SERVICE_UNAVAILABLE -> Outages.DETAIL;
            default -> status.getReasonPhrase();
        };
    }
}
