package io.eventflow.platform.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.eventflow.platform.domain.FieldProblem;

/**
 * Writes problem details from places outside Spring MVC (servlet filters, security entry points),
 * with the same shape {@link ProblemHandler} produces inside it.
 */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        write(request, response, ProblemDetail.forStatusAndDetail(status, detail));
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), asMap(problem, request));
    }

    static Map<String, Object> asMap(ProblemDetail problem, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() != null ? problem.getType().toString() : "about:blank");
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        body.put("title", problem.getTitle() != null ? problem.getTitle() : status != null ? status.getReasonPhrase() : "Error");
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put("instance", problem.getInstance() != null ? problem.getInstance().toString() : request.getRequestURI());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        body.putIfAbsent("request_id", RequestIdFilter.current(request));
        return body;
    }

    static List<Map<String, String>> fieldErrors(List<FieldProblem> problems) {
        return problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList();
    }
}
