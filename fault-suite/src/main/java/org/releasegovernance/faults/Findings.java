package org.releasegovernance.faults;

import java.util.List;
import java.util.Map;

/**
 * What one scenario found. Every count except {@code accepted}, {@code storedUnacknowledged}, {@code gaveUp} and
 * (where the notifier was killed) {@code webhooksRedelivered} must be zero.
 *
 * @param scenario               the fault's id
 * @param description            what was done
 * @param decisions              decisions the clients took (each with one Idempotency-Key)
 * @param accepted               decisions answered 2xx, first time or on a retry
 * @param retried                decisions sent more than once
 * @param missingInAudit         accepted decisions whose event is not in the audit log
 * @param duplicatedInAudit      audit entries beyond the first for one decision (a retry stored twice)
 * @param releasesAnnounced      releases whose StageReleased is in the audit log
 * @param webhooksMissing        of those, releases no webhook announced
 * @param webhooksDeliveredTwice releases announced by more than one message (distinct webhook-ids)
 * @param webhooksRedelivered    releases whose one message arrived more than once (the same webhook-id again)
 * @param redeliveryExpected     whether the fault killed the notifier, the one case where a same-id redelivery is
 *                               the at-least-once promise at work rather than a defect
 * @param refusedRetries         retries answered with a 4xx other than "in progress"
 * @param rejected               first requests answered with a 4xx (the story itself refused)
 * @param gaveUp                 decisions with no final answer within the client's patience
 * @param storedUnacknowledged   events in the audit log of decisions the client never saw accepted
 * @param refusals               refused retries and rejections by decision, status and problem type
 * @param verifyIntact           {@code /api/audit/verify}'s verdict after the scenario
 * @param verifySummary          its answer, shortened
 * @param restartSeconds         from undoing the fault until the restarted part was up
 * @param recoverySeconds        from undoing the fault until the first decision accepted after it
 * @param drained                whether the audit log and the webhooks caught up within the drain time
 * @param drainSeconds           how long that took after the load stopped
 */
record Findings(String scenario, String description, long decisions, long accepted, long retried,
                long missingInAudit, long duplicatedInAudit, long releasesAnnounced, long webhooksMissing,
                long webhooksDeliveredTwice, long webhooksRedelivered, boolean redeliveryExpected,
                long refusedRetries, long rejected, long gaveUp,
                long storedUnacknowledged, Map<String, Long> refusals, boolean verifyIntact, String verifySummary,
                double restartSeconds, Double recoverySeconds, boolean drained, double drainSeconds,
                List<String> examples) {

    /** Why this scenario fails, or an empty list. */
    List<String> failures() {
        List<String> failures = new java.util.ArrayList<>();
        count(failures, missingInAudit, "accepted decisions missing in the audit log");
        count(failures, duplicatedInAudit, "duplicated audit entries");
        count(failures, webhooksMissing, "releases without a webhook");
        count(failures, webhooksDeliveredTwice, "releases announced twice (distinct webhook-ids)");
        if (!redeliveryExpected) {
            count(failures, webhooksRedelivered, "releases whose webhook was sent again though the notifier never died");
        }
        count(failures, refusedRetries, "retries refused");
        count(failures, rejected, "first requests refused");
        if (!verifyIntact) {
            failures.add("/api/audit/verify: " + verifySummary);
        }
        if (!drained) {
            failures.add("the audit log or the webhooks did not catch up within the drain time");
        }
        return failures;
    }

    private static void count(List<String> failures, long count, String what) {
        if (count != 0) {
            failures.add(count + " " + what);
        }
    }
}
