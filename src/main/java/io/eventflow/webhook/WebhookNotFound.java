package io.eventflow.webhook;

import io.eventflow.platform.domain.NotFound;

/** No such endpoint or delivery, or one of someone else's: not confirmed to exist. */
class WebhookNotFound extends NotFound {

    WebhookNotFound(String what, Object id) {
        super(what, id);
    }
}
