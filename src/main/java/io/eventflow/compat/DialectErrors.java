package io.eventflow.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reshapes EventFlow's problem details into the error body of the old API a request was made to. Errors come from
 * many places — the controllers' domain exceptions, Spring MVC's routing, the security chain, the rate limiter, the
 * body limit, the error page — and all of them speak {@code application/problem+json}; this filter, in front of them
 * all, is the one place that translates, so no error path can be missed. Only error bodies are held back (they are
 * small); successful answers, including streamed whole lists, pass straight through.
 */
@Component
@CompatEnabled
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after the routing filters, which mark the door whose dialect to speak
class DialectErrors extends OncePerRequestFilter {

    private final JsonMapper json;

    DialectErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // the error page's answer for a compatibility route is reshaped too
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Dialect dialect = dialectOf(request);
        if (dialect == null) {
            chain.doFilter(request, response);
            return;
        }
        Capturing capturing = new Capturing(response);
        chain.doFilter(request, capturing);
        byte @Nullable [] problem = capturing.captured();
        if (problem != null) {
            write(response, dialect, problem);
        }
    }

    /**
     * The dialect of the old API the client called, or null when it called none. The routing filters mark the door a
     * request came in by (the mark stays for the error dispatch); a prefixed path on the main port names its door.
     */
    private static @Nullable Dialect dialectOf(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String originalUri ? originalUri : request.getRequestURI();
        Door door = Door.marked(request);
        if (door == null) {
            door = Door.below(uri);
        }
        return door == null ? null : door.dialect(door.strip(uri));
    }

    private void write(HttpServletResponse response, Dialect dialect, byte[] problem) throws IOException {
        String detail;
        List<Map<String, String>> fieldErrors = new ArrayList<>();
        try {
            JsonNode node = json.readTree(problem);
            detail = node.path("detail").isString() ? node.path("detail").asString()
                    : node.path("title").asString(reason(response.getStatus()));
            for (JsonNode error : node.path("errors")) {
                fieldErrors.add(Map.of("field", error.path("field").asString(""), "message",
                        error.path("message").asString("")));
            }
        } catch (JacksonException e) {
            detail = reason(response.getStatus());
        }
        if (response.getStatus() == HttpStatus.NOT_FOUND.value() && detail.startsWith("No endpoint ")) {
            detail = "No such route"; // Spring's words name the internal prefix, which the client never used
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body = json.writeValueAsBytes(dialect.body(detail, fieldErrors));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    /** Holds back a problem-details body; anything else goes to the client as written. */
    private static final class Capturing extends HttpServletResponseWrapper {

        private @Nullable ByteArrayOutputStream buffer;
        private @Nullable ServletOutputStream stream;
        private @Nullable PrintWriter writer;

        Capturing(HttpServletResponse response) {
            super(response);
        }

        private boolean isProblem() {
            String type = getContentType();
            return getStatus() >= 400 && type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!isProblem()) {
                return super.getOutputStream();
            }
            if (stream == null) {
                ByteArrayOutputStream into = buffer();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        into.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        into.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        try { // the buffer always takes more: writing is possible now
                            listener.onWritePossible();
                        } catch (IOException e) {
                            listener.onError(e);
                        }
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!isProblem()) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(buffer(), StandardCharsets.UTF_8));
            }
            return writer;
        }

        private ByteArrayOutputStream buffer() {
            if (buffer == null) {
                buffer = new ByteArrayOutputStream(512);
            }
            return buffer;
        }

        @Override
        public void setContentLength(int length) {
            if (!isProblem()) {
                super.setContentLength(length);
            }
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!isProblem()) {
                super.setContentLengthLong(length);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (buffer == null) {
                super.flushBuffer();
            }
        }

        byte @Nullable [] captured() {
            if (writer != null) {
                writer.flush();
            }
            return buffer == null ? null : buffer.toByteArray();
        }
    }
}
