package io.eventflow.platform.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A server EventFlow depends on (the database, Redis, RabbitMQ) could not be reached: an outage of a moment, neither
 * a mistake in the request nor a bug. Such a failure is answered 503 with {@code Retry-After}, so that clients retry
 * instead of reporting it, and it is logged as one line, not as an unexpected error with its stack trace.
 */
final class Outages {

    /** Long enough for a database fail-over or a broker restart to begin to settle; clients add their own back-off. */
    static final String RETRY_AFTER_SECONDS = "5";

    static final String DETAIL = "A server EventFlow depends on is unavailable for the moment; retry shortly";

    private Outages() {
    }

    static boolean explains(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
                    || t instanceof AmqpConnectException || t instanceof java.net.ConnectException) {
                return true;
            }
            // a commit or rollback the connection could not carry out: it broke under the transaction (the pool then
            // says "Connection is closed", without an SQL state), and nothing was committed
            if (t instanceof TransactionSystemException || t instanceof org.hibernate.TransactionException) {
                return true;
            }
            // 08: connection exceptions; 57P01-57P03: the server shutting down or not yet accepting connections
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
