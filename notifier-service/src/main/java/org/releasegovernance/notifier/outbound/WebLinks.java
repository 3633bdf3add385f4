package org.releasegovernance.notifier.outbound;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which URLs of an event are offered to people as links (an Atom entry's link, an e-mail's anchor): http(s) with a
 * host. Anything else, e.g. a review URL of another scheme, is shown as text.
 */
public final class WebLinks {

    private WebLinks() {
    }

    public static boolean isWebLink(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException notAUrl) {
            return false;
        }
    }
}
