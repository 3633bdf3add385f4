package org.releasegovernance.governance.release;

import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;

/**
 * The URLs this API hands out in {@code Location}: paths relative to the service's root, so they never carry a
 * host a client (or an attacker's {@code Host} header) supplied, and each names a resource with its own GET.
 */
final class Locations {

    private Locations() {
    }

    static URI release(String releaseId) {
        return expand("/api/releases/{releaseId}", releaseId);
    }

    static URI stage(String releaseId, String stageId) {
        return expand("/api/releases/{releaseId}/stages/{stageId}", releaseId, stageId);
    }

    static URI grant(String releaseId, String stageId, String partner) {
        return expand("/api/releases/{releaseId}/stages/{stageId}/partners/{partner}", releaseId, stageId, partner);
    }

    static URI review(String releaseId, String reviewId) {
        return expand("/api/releases/{releaseId}/reviews/{reviewId}", releaseId, reviewId);
    }

    private static URI expand(String template, Object... values) {
        return UriComponentsBuilder.fromPath(template).encode().buildAndExpand(values).toUri();
    }
}
