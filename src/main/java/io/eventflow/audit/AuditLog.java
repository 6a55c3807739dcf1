package io.eventflow.audit;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;

/** Reading the audit log: admins only, for the REST API and the web UI alike. */
public interface AuditLog {

    /**
     * The entries matching the query, newest first. {@code NotAllowed} for anyone but an admin; {@code InvalidInput}
     * naming the filter that does not parse.
     */
    PageView<AuditEntry> search(CurrentUser viewer, AuditQuery query);
}
