package org.releasegovernance.console.subscriptions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The "subscribe a webhook" form as typed: event types and release ids in one text field each. */
record WebhookForm(String url, String eventTypes, String releaseIds) {

    /** What a new webhook hears of unless the person says otherwise: releases. */
    static WebhookForm blank() {
        return new WebhookForm("", "StageReleased", "");
    }

    /** The body of {@code POST /api/subscriptions}. */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "WEBHOOK");
        body.put("url", url == null ? "" : url.strip());
        body.put("eventTypes", Names.parse(eventTypes));
        body.put("releaseIds", Names.parse(releaseIds));
        return body;
    }
}
