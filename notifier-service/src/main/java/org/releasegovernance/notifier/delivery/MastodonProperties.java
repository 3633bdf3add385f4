package org.releasegovernance.notifier.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Set;

/**
 * How releases are posted to Mastodon ({@code notifier.mastodon.*}).
 *
 * @param visibility the statuses' visibility: {@code public}, {@code unlisted}, {@code private} or {@code direct}
 * @param link       the link at the end of each status, e.g. the public Atom feed
 */
@ConfigurationProperties("notifier.mastodon")
public record MastodonProperties(String visibility, String link) {

    private static final Set<String> VISIBILITIES = Set.of("public", "unlisted", "private", "direct");

    public MastodonProperties {
        visibility = visibility == null ? "public" : visibility;
        link = link == null ? "http://localhost:8083/feed.atom" : link;
        if (!VISIBILITIES.contains(visibility)) {
            throw new IllegalArgumentException("notifier.mastodon.visibility must be one of " + VISIBILITIES);
        }
    }
}
