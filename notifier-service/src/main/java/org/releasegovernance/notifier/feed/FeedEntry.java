package org.releasegovernance.notifier.feed;

import java.time.Instant;
import java.util.UUID;

/** One public release announcement. */
record FeedEntry(UUID eventId, String releaseId, String stageId, String model, long parameters, String access,
                 String note, Instant releasedAt) {

    /** E.g. {@code GPT-2 345M released (PUBLIC)}. */
    String title() {
        return model + " " + stageId + " released (" + access + ")";
    }
}
