package io.eventflow.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Errors Tomcat answers itself, before any filter or servlet runs (an encoded slash, NUL or backslash in the path,
 * an invalid character in the query, headers over the size limit, an unknown method), as problem details like
 * every other error instead of Tomcat's HTML page. Installed as the host's error report valve by
 * {@link TomcatProblems}; public because Tomcat creates it by its class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is already broken: nobody to answer
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String reason = throwable != null && throwable.getMessage() != null ? throwable.getMessage() : response.getMessage();
        String detail = "The request was refused before the application read it"
                + (reason != null && !reason.isBlank() ? ": " + reason : "");
        String requestId = RequestIdFilter.newId();
        String uri = request.getDecodedRequestURI() != null ? request.getRequestURI() : null;
        String body = "{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status + ",\"detail\":" + quote(detail)
                + (uri != null ? ",\"instance\":" + quote(uri) : "") + ",\"request_id\":" + quote(requestId) + "}";
        try {
            response.setContentType("application/problem+json");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was committed meanwhile: nothing more to send
        }
    }

    /** A JSON string in ASCII: quotes, backslashes, control and non-ASCII characters escaped. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) { // all ASCII: the body is right whatever charset the writer uses
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
