package io.eventflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

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
    void answersAnUnreachableDatabaseWith503AndRetryAfter() throws Exception {
        ResponseEntity<ProblemDetail> noConnection = handler.handleUnexpected(
                new CannotCreateTransactionException("Could not open JPA EntityManager", new SQLException("refused", "08001")), request);
        // what PostgreSQL's fast shutdown gives a connection in use: 57P01 "terminating connection due to administrator command"
        ResponseEntity<ProblemDetail> shutDown = handler.handleUnexpected(
                new JpaSystemException(new RuntimeException(new SQLException("terminating connection", "57P01"))), request);

        // seen in the fault run: the database stopped mid-transaction, and the rollback found the connection closed
        ResponseEntity<ProblemDetail> rollbackFailed = handler.handleUnexpected(new JpaSystemException(
                new org.hibernate.TransactionException("Unable to rollback against JDBC Connection",
                        new SQLException("Connection is closed"))), request);

        for (ResponseEntity<ProblemDetail> response : java.util.List.of(noConnection, shutDown, rollbackFailed)) {
            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(response.getBody().getDetail()).contains("unavailable");
        }
    }

    @Test
    void answersADeadlockOrALockTimeoutWith503AndAShortRetryAfter() {
        for (PessimisticLockingFailureException lost : java.util.List.of(
                new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01")),
                new PessimisticLockingFailureException("lock timeout", new SQLException("lock not available", "55P03")))) {
            ResponseEntity<ProblemDetail> response = handler.handleLockFailure(lost, request);

            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(response.getBody().getDetail()).contains("not carried out").contains("retry");
        }
    }

    @Test
    void answersBusyWith503AndRetryAfterSoClientsComeBack() {
        ResponseEntity<ProblemDetail> response = handler.handleDomain(
                new io.eventflow.platform.domain.DomainException(io.eventflow.platform.domain.DomainException.Kind.BUSY,
                        "Too many bookings of this event are in progress; try again in a moment") {
                }, request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void answersAFailureNoOutageExplainsWith500() throws Exception {
        assertThat(handler.handleUnexpected(new IllegalStateException("a bug"), request).getStatusCode().value()).isEqualTo(500);
        assertThat(handler.handleUnexpected(new JpaSystemException(new RuntimeException(new SQLException("syntax", "42601"))), request)
                .getStatusCode().value()).isEqualTo(500);
    }

    @Test
    void answersAValueTheColumnCannotHoldWith400() {
        assertThat(answer(violation("22001")).getStatusCode().value()).isEqualTo(400);
    }
}
