package io.eventflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which integrity violations a client may retry (a race it lost) and which are ours to fix. */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler();
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events");

    private ResponseEntity<ProblemDetail> answer(DataIntegrityViolationException ex) {
        return handler.handleIntegrity(ex, request);
    }

    private static DataIntegrityViolationException violation(String sqlState) {
        return new DataIntegrityViolationException("could not execute statement",
                new SQLException("constraint", sqlState));
    }

    @Test
    void answersACheckConstraintThatFailedWith500NotWithARetry() {
        // what H2 2.4.240 raised for every insert once the migrating connection was gone: 409 "retry it" hid it
        ResponseEntity<ProblemDetail> response = answer(violation("23514"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().getDetail()).contains("request id").doesNotContain("retry");
        assertThat(response.getBody().getProperties()).containsKey("request_id");
    }

    @Test
    void answersAMissingRequiredColumnWith500() {
        assertThat(answer(violation("23502")).getStatusCode().value()).isEqualTo(500);
        assertThat(answer(new DataIntegrityViolationException("no SQL cause")).getStatusCode().value()).isEqualTo(500);
    }

    @Test
    void answersAKeyTakenOrARowDeletedMeanwhileWith409() {
        assertThat(answer(new DuplicateKeyException("duplicate", new SQLException("dup", "23505")))
                .getBody().getDetail()).contains("retry");
        assertThat(answer(violation("23503")).getStatusCode().value()).isEqualTo(409);
        assertThat(answer(violation("23506")).getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void answersAValueTheColumnCannotHoldWith400() {
        assertThat(answer(violation("22001")).getStatusCode().value()).isEqualTo(400);
    }
}
