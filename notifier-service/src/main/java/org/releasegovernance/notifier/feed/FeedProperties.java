package org.releasegovernance.notifier.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The public Atom feed ({@code notifier.feed.*}).
 *
 * @param id    the feed's permanent id (an IRI), never to change once published
 * @param title the feed's title
 * @param url   the feed's public URL, for its {@code self} link
 * @param size  how many of the newest announcements it carries
 */
@ConfigurationProperties("notifier.feed")
public record FeedProperties(String id, String title, String url, int size) {

    public FeedProperties {
        id = id == null ? "urn:releasegovernance:feed:public-releases" : id;
        title = title == null ? "Release governance: public releases" : title;
        url = url == null ? "http://localhost:8083/feed.atom" : url;
        size = size <= 0 ? 50 : size;
    }
}
