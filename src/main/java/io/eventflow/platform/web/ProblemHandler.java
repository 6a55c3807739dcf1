package io.eventflow.platform.web;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;

/**
 * Turns every exception that reaches Spring MVC into an RFC 9457 problem. Spring's own exceptions
 * (malformed JSON, wrong media type, unknown route, wrong method) come through
 * {@link ResponseEntityExceptionHandler}; the domain's refusals through {@link DomainException} (its kind decides the
 * status, see {@link DomainStatus}); HTTP-level ones raised by controllers through {@link ApiException}. Anything else is a bug:
 * it is logged with the request id and answered with a 500 that leaks nothing. A problem is always sent as
 * {@code application/problem+json}, whatever the request's {@code Accept} asked for (or failed to say): an error
 * without a readable body helps nobody.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * SQL states that only a concurrent write explains: a unique key taken, or a referenced row deleted, since the
     * service checked. The same codes on PostgreSQL and H2 (whose 23506 is a missing parent row).
     */
    private static final Set<String> RACE_STATES = Set.of("23505", "23503", "23506", "23P01");

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> handleDomain(DomainException ex, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(DomainStatus.of(ex.kind()), ex.getMessage());
        if (!ex.errors().isEmpty()) {
            problem.setProperty("errors", ProblemResponses.fieldErrors(ex.errors()));
        }
        java.time.Duration retryAfter = ex.retryAfter();
        if (retryAfter == null) {
            return finish(problem, request);
        }
        // whole seconds, rounded up: a client that waits the time it is told is not refused again
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        problem.setProperty("retry_after_seconds", seconds);
        ResponseEntity<ProblemDetail> response = finish(problem, request);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).body(response.getBody());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException ex, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        if (!ex.errors().isEmpty()) {
            problem.setProperty("errors", ProblemResponses.fieldErrors(ex.errors()));
        }
        ResponseEntity<ProblemDetail> response = finish(problem, request);
        if (ex.headers().isEmpty()) {
            return response;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(response.getHeaders());
        ex.headers().forEach(headers::set);
        return new ResponseEntity<>(problem, headers, response.getStatusCode());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> handleStale(OptimisticLockingFailureException ex, HttpServletRequest request) {
        return finish(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The resource was changed by someone else meanwhile; reload it and retry"), request);
    }

    /**
     * A deadlock, a lock wait that timed out or a serialization failure: the database rolled the transaction back
     * whole, so nothing was written and the same request can succeed a moment later. Logged as a warning with the
     * database's explanation, since a deadlock that recurs is a lock-ordering defect to fix.
     */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> handleLockFailure(PessimisticLockingFailureException ex, HttpServletRequest request) {
        log.warn("{} {} answered 503, its transaction lost a lock conflict: {}", request.getMethod(),
                request.getRequestURI(), ex.getMostSpecificCause().getMessage());
        ResponseEntity<ProblemDetail> response = finish(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The request collided with concurrent changes and was not carried out; retry it"), request);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "1").body(response.getBody());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> handleIntegrity(DataIntegrityViolationException ex, HttpServletRequest request) {
        String state = sqlState(ex);
        if (state != null && state.startsWith("22")) {
            // SQL "data exception" (e.g. a NUL character, a value out of range): the input, not a race
            return finish(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "A value in the request cannot be stored (invalid characters or out of range)"), request);
        }
        if (state != null && RACE_STATES.contains(state)) {
            // a concurrent request won a race that the service's own checks could not see
            log.info("Integrity violation answered with 409: {}", ex.getMostSpecificCause().getMessage());
            return finish(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "The request conflicts with data written at the same time; retry it"), request);
        }
        // A check or not-null constraint refused what the service let through (or the database failed to evaluate
        // it): retrying cannot help, so it is a bug to report, not a conflict.
        return internalError(ex, request);
    }

    private static @Nullable String sqlState(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> handleUndecodableParameters(Exception ex, HttpServletRequest request) {
        return finish(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The query string or form is not valid UTF-8 percent-encoding"), request);
    }

    /**
     * Spring Security's firewall checks parameter names and values only when something first reads them: for a form
     * body sent to a JSON route that is Spring MVC, reading the body, past the filter that answers the firewall's
     * other refusals. A form whose field name held a control character was a 500 (found by ApiFuzzIT).
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> handleRejectedParameters(RequestRejectedException ex, HttpServletRequest request) {
        return finish(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request was refused: a query or form parameter holds characters that are not allowed"), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> handleMultipart(MultipartException ex, HttpServletRequest request) {
        return finish(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not a valid multipart/form-data upload"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
        if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
            throw ex; // Spring Security's filter decides between 401 and 403
        }
        if (Outages.explains(ex)) {
            log.warn("{} {} answered 503, a server it needs is unavailable: {}", request.getMethod(), request.getRequestURI(),
                    ex.toString());
            ResponseEntity<ProblemDetail> response = finish(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    Outages.DETAIL), request);
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Outages.RETRY_AFTER_SECONDS).body(response.getBody());
        }
        return internalError(ex, request);
    }

    private ResponseEntity<ProblemDetail> internalError(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return finish(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; quote the request id when reporting it"), request);
    }

    /**
     * A browser that opens a path with nothing behind it (a mistyped or stale link) gets the site's error page, as for
     * any other page it cannot have (ProblemErrorController renders it); it showed the problem document as raw JSON.
     * The API and every client that does not ask for HTML keep the problem document. A path under one of the static
     * folders that names no file is a {@link NoResourceFoundException}; any other unmapped path a
     * {@link NoHandlerFoundException}.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return errorPageFor(request) ? null : super.handleNoResourceFoundException(ex, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return errorPageFor(request) ? null : super.handleNoHandlerFoundException(ex, headers, status, request);
    }

    /** Sends the 404 error page when a browser asked for a page outside the API; true if it did. */
    private static boolean errorPageFor(WebRequest request) {
        if (request instanceof ServletWebRequest web && web.getResponse() instanceof HttpServletResponse response
                && !web.getRequest().getRequestURI().startsWith("/api/") && acceptsHtml(web.getRequest())) {
            try {
                response.sendError(HttpStatus.NOT_FOUND.value());
                return true;
            } catch (IOException e) {
                log.debug("The error page for {} could not be sent", web.getRequest().getRequestURI(), e);
            }
        }
        return false;
    }

    private static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        try {
            return accept != null && MediaType.parseMediaTypes(accept).stream().anyMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException) {
                // Spring reports Tomcat's limit on the number of parts as an upload too large: it is not the size
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "The multipart body has too many parts; send the file with only the fields the route names");
                return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
            }
        }
        return super.handleMaxUploadSizeExceededException(ex, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(snakeCase(error.getField()), message(error)));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(e -> errors.add(new FieldProblem(e.getObjectName(), message(e))));
        return validationProblem(errors, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(e -> new FieldProblem(
                                snakeCase(result.getMethodParameter().getParameterName()), message(e))))
                .toList();
        return validationProblem(errors, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyLimit.TooLargeException tooLarge) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        Throwable cause = ex.getMostSpecificCause();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                cause = t;
                break;
            }
        }
        String detail;
        List<FieldProblem> errors = List.of();
        if (cause instanceof StreamConstraintsException constraint) {
            detail = "The JSON body is too deeply nested or too large: " + constraint.getOriginalMessage();
        } else if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jsonPath(jackson);
            String message;
            if (jackson instanceof InvalidFormatException invalid) {
                message = "'" + invalid.getValue() + "' is not a valid " + describe(invalid.getTargetType());
            } else if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                message = "must be " + describe(mismatch.getTargetType());
            } else if (jackson.getCause() != null && jackson.getCause().getMessage() != null) {
                message = jackson.getCause().getMessage(); // e.g. a value an enum's factory refused, with its reason
            } else {
                message = "has an invalid value";
            }
            detail = "Invalid value for field '" + field + "': " + message;
            errors = List.of(new FieldProblem(field, message));
        } else if (cause instanceof JacksonException jackson) {
            detail = "The request body is not valid JSON: " + jackson.getOriginalMessage();
        } else {
            detail = "The request body is missing or unreadable";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", ProblemResponses.fieldErrors(errors));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && request instanceof NativeWebRequest web
                && web.getNativeRequest() instanceof HttpServletRequest servlet) {
            decorate(problem, servlet);
            HttpHeaders problemHeaders = new HttpHeaders();
            problemHeaders.addAll(response.getHeaders());
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problem, problemHeaders, response.getStatusCode());
        }
        return response;
    }

    /** Validation always words its errors; a message-less one could not be answered (Map.of refuses null). */
    private static String message(MessageSourceResolvable error) {
        return Objects.requireNonNull(error.getDefaultMessage(), "a validation error has a message");
    }

    private @Nullable ResponseEntity<Object> validationProblem(List<FieldProblem> errors, HttpHeaders headers,
            WebRequest request) {
        String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid fields: " + fields);
        problem.setTitle("Validation failed");
        problem.setProperty("errors", ProblemResponses.fieldErrors(errors));
        return handleExceptionInternal(new IllegalArgumentException(fields), problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ResponseEntity<ProblemDetail> finish(ProblemDetail problem, HttpServletRequest request) {
        decorate(problem, request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static void decorate(ProblemDetail problem, HttpServletRequest request) {
        if (problem.getInstance() == null) {
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
        }
        Map<String, Object> properties = problem.getProperties();
        if (properties == null || !properties.containsKey("request_id")) {
            problem.setProperty("request_id", RequestIdFilter.current(request));
        }
    }

    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList();
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        return "an object";
    }

    private static String snakeCase(@Nullable String name) {
        return InvalidInput.snakeCase(name);
    }
}
