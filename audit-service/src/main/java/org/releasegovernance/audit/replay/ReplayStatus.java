package org.releasegovernance.audit.replay;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A replay's progress or outcome.
 *
 * @param id                   the replay
 * @param status               {@code RUNNING}, {@code COMPLETED} or {@code FAILED}
 * @param entriesDone          entries rebuilt so far
 * @param recordsRead          topic records read so far (while running)
 * @param recordsTotal         topic records to read (while running)
 * @param entriesPerSecond     the rebuild rate so far (while running)
 * @param etaSeconds           the estimated time left (while running)
 * @param liveTreeSize         the size of the live checkpoint compared with
 * @param liveRoot             its root hash (base64)
 * @param rebuiltRootAtLiveSize the rebuilt tree's root at that size (base64)
 * @param rootMatches          whether the two roots are equal (when completed)
 * @param failure              why it failed
 * @param table                the table holding the rebuilt entries
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayStatus(long id, String status, long entriesDone, Long recordsRead, Long recordsTotal,
                           Long entriesPerSecond, Long etaSeconds, long liveTreeSize, String liveRoot,
                           String rebuiltRootAtLiveSize, Boolean rootMatches, String failure, String table) {
}
