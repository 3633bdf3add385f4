package org.releasegovernance.console.subscriptions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The "connect a Mastodon account" form: the instance, the account's access token, and a release filter. */
record MastodonForm(String url, String releaseIds, String accessToken) {

    static MastodonForm blank() {
        return new MastodonForm("", "", null);
    }

    /** The body of {@code POST /api/subscriptions}; the notifier posts public releases only. */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "MASTODON");
        body.put("url", url == null ? "" : url.strip());
        body.put("releaseIds", Names.parse(releaseIds));
        body.put("accessToken", accessToken == null ? "" : accessToken.strip());
        return body;
    }

    /** The form to show again after a refusal: what was typed, except the token, which is never sent back. */
    MastodonForm withoutToken() {
        return new MastodonForm(url, releaseIds, null);
    }

    @Override
    public String toString() {
        return "MastodonForm[url=" + url + ", releaseIds=" + releaseIds + "]";
    }
}
