package io.eventflow.platform.domain;

/** Wrong or missing credentials. Says nothing about which part was wrong, so accounts cannot be discovered. */
public class NotAuthenticated extends DomainException {

    public NotAuthenticated(String detail) {
        super(Kind.NOT_AUTHENTICATED, detail);
    }
}
