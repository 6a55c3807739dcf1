package io.eventflow.notification;

/** Embedded mode: the node that claimed the mail sends it. */
final class DirectEmailTransport implements EmailTransport {

    private final EmailDelivery delivery;

    DirectEmailTransport(EmailDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void dispatch(Notification claimed) {
        delivery.attempt(claimed.id(), claimed.attempts());
    }
}
