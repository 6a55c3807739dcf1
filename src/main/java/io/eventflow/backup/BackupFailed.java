package io.eventflow.backup;

import io.eventflow.platform.domain.DomainException;

/**
 * No archive could be written now: the disk is full or not writable, the database refused the copy, another backup
 * is being written, or photos kept being deleted meanwhile. Not the request's fault, nor a bug: the operator (or a
 * moment) puts it right, and the same request then succeeds.
 */
class BackupFailed extends DomainException {

    BackupFailed(String detail) {
        super(Kind.BUSY, detail);
    }

    BackupFailed(String detail, Throwable cause) {
        super(Kind.BUSY, detail);
        initCause(cause);
    }
}
