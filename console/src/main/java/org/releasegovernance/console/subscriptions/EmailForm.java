package org.releasegovernance.console.subscriptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "subscribe an email address" form: the address the notifier mails, and the event types and releases it hears
 * of. An email subscription has no URL and no signing secret.
 */
record EmailForm(String address, String eventTypes, String releaseIds) {

    /** What a new address hears of unless the person says otherwise: releases, as a new webhook does. */
    static EmailForm blank() {
        return new EmailForm("", "StageReleased", "");
    }

    /** The body of {@code POST /api/subscriptions}: {@code address} in place of {@code url}. */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "EMAIL");
        body.put("address", address == null ? "" : address.strip());
        body.put("eventTypes", Names.parse(eventTypes));
        body.put("releaseIds", Names.parse(releaseIds));
        return body;
    }
}
