package io.eventflow.platform.domain;

/** The caller is known but may not do this (see the modules' access policies, e.g. {@code EventAccess}). */
public class NotAllowed extends DomainException {

    public NotAllowed(String detail) {
        super(Kind.NOT_ALLOWED, detail);
    }
}
