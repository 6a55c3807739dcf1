package io.eventflow.platform.domain;

import java.util.List;

/** Well-formed, but a rule about the world says no: outside the geofence, a ticket code that was never issued. */
public class RuleViolated extends DomainException {

    public RuleViolated(String detail, List<FieldProblem> errors) {
        super(Kind.RULE_VIOLATED, detail, errors);
    }
}
