package io.eventflow.platform.domain;

/** Nothing of that kind with that id, or nothing the caller may know of. */
public class NotFound extends DomainException {

    public NotFound(String what, Object id) {
        super(Kind.NOT_FOUND, what + " " + id + " does not exist");
    }
}
