package io.eventflow.catalog;

import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;

/** The event is cancelled, which is final: nobody books, arrives or is checked in, and it is not scheduled again. */
public class EventCancelled extends Conflict {

    public EventCancelled(String detail) {
        super(detail);
    }

    public EventCancelled(String detail, FieldProblem field) {
        super(detail, field);
    }
}
