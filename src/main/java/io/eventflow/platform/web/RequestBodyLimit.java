package io.eventflow.platform.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.validation.constraints.AssertTrue;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Caps the size of non-multipart request bodies. Tomcat limits headers and form posts but not a JSON
 * body, and a 100 MB JSON document would otherwise be parsed into memory before anything says no.
 * A declared Content-Length over the cap is refused at once; a chunked body is cut off while it streams.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimit extends OncePerRequestFilter {

    private final Limits limits;
    private final ProblemResponses problems;
    private final Map<PathPattern, Long> overrides = new LinkedHashMap<>();

    RequestBodyLimit(Limits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
        limits.overrides().forEach((path, size) -> overrides.put(PathPatternParser.defaultInstance.parse(path), size.toBytes()));
    }

    /**
     * @param maxBody   default cap for request bodies
     * @param overrides larger (or smaller) caps for specific path patterns, e.g. a batch import
     */
    @ConfigurationProperties("eventflow.http")
    @Validated
    record Limits(DataSize maxBody, Map<String, DataSize> overrides) {
        Limits {
            maxBody = maxBody != null ? maxBody : DataSize.ofKilobytes(256);
            overrides = overrides != null ? overrides : Map.of();
        }

        @AssertTrue(message = "eventflow.http.max-body and every eventflow.http.overrides.* size must be at least 1KB")
        boolean isEverySizeAtLeastOneKilobyte() {
            return maxBody.toBytes() >= 1024 && overrides.values().stream().allMatch(size -> size.toBytes() >= 1024);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response); // multipart limits are Spring's multipart settings
            return;
        }
        long max = limitFor(request);
        long declared = request.getContentLengthLong();
        if (declared > max) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(max));
            return;
        }
        // Only a chunked body has no declared length to check up front; every other request goes on unwrapped,
        // since each wrapper layer is paid again by every getMethod()/getAttribute() down the chain.
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        chain.doFilter(chunked ? new Capped(request, max) : request, response);
    }

    private long limitFor(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        for (Map.Entry<PathPattern, Long> entry : overrides.entrySet()) {
            if (entry.getKey().matches(path)) {
                return entry.getValue();
            }
        }
        return limits.maxBody().toBytes();
    }

    private static String tooLarge(long max) {
        return "The request body exceeds the limit of " + max + " bytes";
    }

    /** Thrown while reading a chunked body past the cap; {@link ProblemHandler} answers it with 413. */
    static final class TooLargeException extends IOException {
        TooLargeException(long max) {
            super(tooLarge(max));
        }
    }

    private static final class Capped extends HttpServletRequestWrapper {
        private final long max;
        private @Nullable ServletInputStream stream;

        Capped(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = delegate.read();
                        if (b >= 0 && ++count > max) {
                            throw new TooLargeException(max);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = delegate.read(buffer, offset, length);
                        if (n > 0 && (count += n) > max) {
                            throw new TooLargeException(max);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
