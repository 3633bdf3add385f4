package org.releasegovernance.notifier.feed;

import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The announcements behind the Atom feed, public releases and published reviews, one per event. */
@Repository
public class FeedEntries {

    private static final Logger log = LoggerFactory.getLogger(FeedEntries.class);

    private final JdbcClient jdbc;

    FeedEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a public release or a published review to the feed; anything else, or the same event again, changes
     * nothing. Times are kept to the microsecond (PostgreSQL's precision), truncated rather than rounded by the
     * database.
     */
    public void record(EventEnvelope envelope) {
        if (envelope.event() instanceof ReviewPublished published) {
            recordReview(envelope, published);
            return;
        }
        if (!(envelope.event() instanceof StageReleased released) || released.access() != Access.PUBLIC) {
            return;
        }
        int added = jdbc.sql("""
                        insert into feed_entry (event_id, release_id, stage_id, model, parameters, access, note,
                                                released_at, position)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (event_id) do nothing""")
                .params(envelope.eventId(), released.releaseId(), released.stageId(), released.model(),
                        released.parameters(), released.access().name(), released.note(),
                        Timestamp.from(envelope.occurredAt().truncatedTo(ChronoUnit.MICROS)), envelope.position())
                .update();
        if (added == 1) {
            log.info("feed entry for release {} stage {} ({}), event {}, correlation {}", released.releaseId(),
                    released.stageId(), released.access(), envelope.eventId(), envelope.correlationId());
        }
    }

    private void recordReview(EventEnvelope envelope, ReviewPublished published) {
        int added = jdbc.sql("""
                        insert into feed_entry (event_id, kind, release_id, stage_id, note, link, released_at, position)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (event_id) do nothing""")
                .params(envelope.eventId(), FeedEntry.REVIEW, published.releaseId(), published.stageId(),
                        published.summary(), published.url(),
                        Timestamp.from(envelope.occurredAt().truncatedTo(ChronoUnit.MICROS)), envelope.position())
                .update();
        if (added == 1) {
            log.info("feed entry for the review {} of release {} stage {} by {}, event {}, correlation {}",
                    published.reviewId(), published.releaseId(), published.stageId(), published.actor(),
                    envelope.eventId(), envelope.correlationId());
        }
    }

    List<FeedEntry> newest(int limit) {
        return jdbc.sql("select * from feed_entry order by released_at desc, position desc limit ?")
                .param(limit)
                .query((row, n) -> new FeedEntry(row.getObject("event_id", UUID.class), row.getString("kind"),
                        row.getString("release_id"), row.getString("stage_id"), row.getString("model"),
                        (Long) row.getObject("parameters"), row.getString("access"), row.getString("note"),
                        row.getString("link"), row.getTimestamp("released_at").toInstant()))
                .list();
    }
}
