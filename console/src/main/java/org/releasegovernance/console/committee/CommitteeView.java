package org.releasegovernance.console.committee;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the committee pages read off the API's answers ({@code ${@committeeView...}} in templates): what a stage
 * still needs, the tone of a status badge, whether a stage is halted or a grant active. Computed from the answer
 * as the API gave it; nothing here decides a rule, the service does.
 */
@Component("committeeView")
public class CommitteeView {

    private final Clock clock;

    public CommitteeView() {
        this(Clock.systemUTC());
    }

    CommitteeView(Clock clock) {
        this.clock = clock;
    }

    /** What a stage still needs under the release's policy: inputs on required factors and approvals. */
    public StageNeeds needs(Map<String, Object> policy, Map<String, Object> stage) {
        List<String> assessed = maps(stage.get("expertInputs")).stream().map(i -> (String) i.get("factor")).toList();
        List<String> missing = strings(policy.get("requiredFactors")).stream().filter(f -> !assessed.contains(f))
                .toList();
        String quorumField = "PUBLIC".equals(stage.get("access")) ? "publicQuorum" : "quorum";
        List<Map<String, Object>> votes = maps(stage.get("votes"));
        return new StageNeeds(missing, count(votes, "APPROVE"), number(policy.get(quorumField)),
                count(votes, "REJECT"), number(policy.get("rejectionQuorum")),
                count(maps(stage.get("resumeVotes")), "APPROVE"), halted(stage));
    }

    /** A stage is halted while one of its halts has not been resumed. */
    public boolean halted(Map<String, Object> stage) {
        return maps(stage.get("halts")).stream().anyMatch(h -> h.get("resumedAt") == null);
    }

    /**
     * A grant is active until it is revoked or expires; once the service recorded its expiry ({@code expiredAt}) it
     * is over whatever this server's clock says.
     */
    public boolean active(Map<String, Object> grant) {
        Object expiresAt = grant.get("expiresAt");
        return grant.get("revokedAt") == null && grant.get("expiredAt") == null && expiresAt != null
                && Instant.parse(expiresAt.toString()).isAfter(clock.instant());
    }

    /** The badge class of a stage status: {@code ok}, {@code warn}, {@code bad} or {@code neutral}. */
    public String tone(String status) {
        return switch (Objects.toString(status, "")) {
            case "RELEASED", "APPROVED" -> "ok";
            case "PROPOSED" -> "warn";
            case "REJECTED" -> "bad";
            default -> "neutral";
        };
    }

    /** A review of a release is overdue when the API lists it in {@code overdueReviews}. */
    public boolean overdue(Map<String, Object> release, String reviewId) {
        return strings(release.get("overdueReviews")).contains(reviewId);
    }

    /**
     * The reviews of a release still unpublished that the board calls attention to: overdue (as the API computes it
     * or as the service recorded it) or reminded. A service older than the reminders sends neither mark; then only
     * the computed overdue ones are listed.
     */
    public List<Map<String, Object>> reviewsToWatch(Map<String, Object> release) {
        return maps(release.get("reviews")).stream()
                .filter(r -> r.get("publishedAt") == null)
                .filter(r -> overdue(release, String.valueOf(r.get("reviewId"))) || r.get("markedOverdueAt") != null
                        || r.get("remindedAt") != null)
                .toList();
    }

    /** The reviews of a release that concern one stage. */
    public List<Map<String, Object>> reviewsOf(Map<String, Object> release, String stageId) {
        return maps(release.get("reviews")).stream().filter(r -> stageId.equals(r.get("stageId"))).toList();
    }

    private static int count(List<Map<String, Object>> votes, String choice) {
        return (int) votes.stream().filter(v -> choice.equals(v.get("vote"))).count();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value instanceof Collection<?> c ? List.copyOf((Collection<Map<String, Object>>) c) : List.of();
    }

    private static List<String> strings(Object value) {
        return value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
    }

    /**
     * What a stage still needs to be approved (while proposed) or resumed (while halted).
     *
     * @param missingFactors required factors without expert input yet
     */
    public record StageNeeds(List<String> missingFactors, int approvals, int quorum, int rejections,
                             int rejectionQuorum, int resumeApprovals, boolean halted) {

        /** Approvals still to come for the quorum. */
        public int approvalsShort() {
            return Math.max(0, quorum - approvals);
        }

        /** Whether the vote still waits on something (inputs or approvals). */
        public boolean waiting() {
            return !missingFactors.isEmpty() || approvalsShort() > 0;
        }
    }
}
