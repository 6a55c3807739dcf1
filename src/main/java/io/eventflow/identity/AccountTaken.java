package io.eventflow.identity;

import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;

/** Another account already has this username or e-mail address. */
public class AccountTaken extends Conflict {

    public AccountTaken(String detail, FieldProblem field) {
        super(detail, field);
    }
}
