package io.eventflow.platform.domain;

import java.util.List;

/** The current state of what the request touches forbids it: started, cancelled, already done, changed meanwhile. */
public class Conflict extends DomainException {

    public Conflict(String detail) {
        super(Kind.CONFLICT, detail);
    }

    public Conflict(String detail, FieldProblem field) {
        super(Kind.CONFLICT, detail, List.of(field));
    }
}
