package org.releasegovernance.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test data for the GPT-2 staged release, the story every test tells. */
public final class Gpt2 {

    public static final String RELEASE_ID = "gpt-2";
    public static final String CHAIR = "chair";
    public static final String MEMBER_1 = "member-1";
    public static final String MEMBER_2 = "member-2";
    public static final String MEMBER_3 = "member-3";
    public static final String EXPERT = "expert";

    /** The policy of the whole story: public stages need three approvals, 60 days apart, after two factors. */
    public static final Policy POLICY = new Policy(2, 3, 2, List.of("MISUSE_RISK", "STAKEHOLDER_INPUT"), 60);
    public static final Instant FEB_14 = Instant.parse("2019-02-14T17:00:00Z");
    public static final Instant MAY_03 = Instant.parse("2019-05-03T17:00:00Z");
    public static final Instant MAY_10 = Instant.parse("2019-05-10T17:00:00Z");
    public static final Instant MAY_17 = Instant.parse("2019-05-17T17:00:00Z");
    public static final Instant AUG_01 = Instant.parse("2019-08-01T12:00:00Z");
    public static final Instant AUG_20 = Instant.parse("2019-08-20T17:00:00Z");
    public static final Instant NOV_05 = Instant.parse("2019-11-05T17:00:00Z");
    public static final String DETECTION_PARTNER = "University of Texas at Austin";
    public static final String MISUSE_PARTNER = "Middlebury Institute CTEC";
    public static final String SIX_MONTH_REVIEW = "six-month-review";

    private Gpt2() {
    }

    public static ReleaseRegistered registered() {
        return new ReleaseRegistered(RELEASE_ID, "GPT-2", new Policy(2), CHAIR);
    }

    public static StageProposed stage117MProposed() {
        return new StageProposed(RELEASE_ID, "117M", 117_000_000L, Access.PUBLIC,
                "Small model; low misuse potential, useful to researchers", MEMBER_1);
    }

    public static StageProposed stage345MProposed() {
        return new StageProposed(RELEASE_ID, "345M", 345_000_000L, Access.PUBLIC,
                "No evidence of misuse of 117M after three months", MEMBER_1);
    }

    public static VoteCast approves(String member, String stageId) {
        return new VoteCast(RELEASE_ID, stageId, VoteChoice.APPROVE, "Benefits outweigh the misuse risk", member);
    }

    public static StageApproved stage117MApproved() {
        return new StageApproved(RELEASE_ID, "117M", List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3);
    }

    public static StageReleased stage117MReleased() {
        return new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC,
                "Weights and code published", CHAIR);
    }

    /** The six events of the walking-skeleton story, in stream order. */
    public static List<GovernanceEvent> stage117MStory() {
        return List.of(registered(), stage117MProposed(), approves(MEMBER_2, "117M"), approves(MEMBER_3, "117M"),
                stage117MApproved(), stage117MReleased());
    }

    public static ReleaseRegistered registeredWithPolicy() {
        return new ReleaseRegistered(RELEASE_ID, "GPT-2", POLICY, CHAIR);
    }

    public static StageProposed proposed(String stageId, long parameters, Access access, Instant earliest) {
        return new StageProposed(RELEASE_ID, stageId, parameters, access, "Staged release: " + stageId, MEMBER_1,
                earliest);
    }

    public static ExpertInputLogged input(String stageId, String factor, RiskLevel risk) {
        return new ExpertInputLogged(RELEASE_ID, stageId, factor, risk, factor + " of " + stageId + " assessed",
                List.of("https://openai.com/blog/better-language-models/"), EXPERT);
    }

    public static VoteCast rejects(String member, String stageId) {
        return new VoteCast(RELEASE_ID, stageId, VoteChoice.REJECT, "Too early to judge the misuse risk", member);
    }

    public static StageReleased released(StageProposed stage, Instant at) {
        return new StageReleased(RELEASE_ID, stage.stageId(), "GPT-2", stage.parameters(), stage.access(),
                stage.stageId() + " released", CHAIR, at);
    }

    public static PartnerAccessGranted grant(String stageId, String partner) {
        return new PartnerAccessGranted(RELEASE_ID, stageId, partner, PartnerPurpose.DETECTION_RESEARCH,
                "Detecting synthetic text", "LPA-2019-" + stageId, Instant.parse("2020-05-10T00:00:00Z"), CHAIR);
    }

    /**
     * The commitments of the story kept by the clock, as no command records them: the six-month review is reminded
     * of and, scheduled a second time and left unpublished, marked overdue; the detection partner's access to 762M is
     * noticed as expiring and then ends.
     */
    public static List<GovernanceEvent> commitmentsKept() {
        PartnerAccessGranted grant = grant("762M", DETECTION_PARTNER);
        return List.of(
                new ReviewReminder(RELEASE_ID, "345M", SIX_MONTH_REVIEW, "Six-month analysis", AUG_20, CHAIR),
                new ReviewOverdue(RELEASE_ID, "345M", SIX_MONTH_REVIEW, "Six-month analysis", AUG_20, CHAIR),
                new PartnerAccessExpiring(RELEASE_ID, "762M", DETECTION_PARTNER, grant.agreementRef(),
                        grant.expiresAt(), CHAIR),
                new PartnerAccessExpired(RELEASE_ID, "762M", DETECTION_PARTNER, grant.agreementRef(),
                        grant.expiresAt(), CHAIR));
    }

    /**
     * The whole GPT-2 story: 117M and 345M public; 762M and 1.5B to partners, with expert input on every factor
     * and grants for detection research; a partner's misuse report halting the public 1.5B stage; the six-month
     * review scheduled and published; the committee resuming 1.5B, which is released publicly on schedule.
     */
    public static List<GovernanceEvent> wholeStory() {
        List<GovernanceEvent> story = new ArrayList<>();
        story.add(registeredWithPolicy());
        StageProposed s117 = proposed("117M", 117_000_000L, Access.PUBLIC, FEB_14);
        story.addAll(publicStage(s117));
        story.add(released(s117, FEB_14));
        StageProposed s345 = proposed("345M", 345_000_000L, Access.PUBLIC, MAY_03);
        story.addAll(publicStage(s345));
        story.add(released(s345, MAY_03));
        StageProposed s762 = proposed("762M", 762_000_000L, Access.PARTNERS, null);
        story.addAll(partnerStage(s762));
        story.add(released(s762, MAY_10));
        story.add(grant("762M", DETECTION_PARTNER));
        StageProposed s1558 = proposed("1.5B", 1_558_000_000L, Access.PARTNERS, null);
        story.addAll(partnerStage(s1558));
        story.add(released(s1558, MAY_17));
        story.add(grant("1.5B", DETECTION_PARTNER));
        StageProposed s1558Public = proposed("1.5B-public", 1_558_000_000L, Access.PUBLIC, NOV_05);
        story.add(s1558Public);
        story.add(new MisuseReported(RELEASE_ID, "762M", MISUSE_PARTNER,
                "762M fine-tuned to generate extremist propaganda", RiskLevel.HIGH, MEMBER_2));
        story.add(new StageHalted(RELEASE_ID, "1.5B-public", "762M", "762M fine-tuned to generate extremist propaganda",
                MEMBER_2));
        story.add(new ReviewScheduled(RELEASE_ID, "345M", SIX_MONTH_REVIEW, "Six-month analysis", AUG_20, CHAIR));
        story.add(new ReviewPublished(RELEASE_ID, "345M", SIX_MONTH_REVIEW,
                "Little evidence of misuse; detection is feasible", "https://arxiv.org/abs/1908.09203", CHAIR));
        for (String member : List.of(MEMBER_2, MEMBER_3, CHAIR)) {
            story.add(new ResumeVoteCast(RELEASE_ID, "1.5B-public", VoteChoice.APPROVE,
                    "Detection work and the six-month analysis answer the report", member));
        }
        story.add(new StageResumed(RELEASE_ID, "1.5B-public", List.of(MEMBER_2, MEMBER_3, CHAIR), 3, CHAIR));
        story.addAll(publicStage(s1558Public).subList(1, 7));
        story.add(new ReleaseScheduled(RELEASE_ID, "1.5B-public", NOV_05, "1.5B-public released", CHAIR));
        story.add(released(s1558Public, NOV_05));
        return story;
    }

    /** Proposal, the two required inputs, three approvals and the approval of a public stage. */
    public static List<GovernanceEvent> publicStage(StageProposed stage) {
        String id = stage.stageId();
        return List.of(stage, input(id, "MISUSE_RISK", RiskLevel.MEDIUM), input(id, "STAKEHOLDER_INPUT", RiskLevel.LOW),
                approves(MEMBER_2, id), approves(MEMBER_3, id), approves(CHAIR, id),
                new StageApproved(RELEASE_ID, id, List.of(MEMBER_2, MEMBER_3, CHAIR), 3, CHAIR));
    }

    /** Proposal, input on every built-in factor, two approvals and the approval of a partner stage. */
    public static List<GovernanceEvent> partnerStage(StageProposed stage) {
        String id = stage.stageId();
        List<GovernanceEvent> events = new ArrayList<>();
        events.add(stage);
        for (Factor factor : Factor.values()) {
            events.add(input(id, factor.name(), RiskLevel.HIGH));
        }
        events.add(approves(MEMBER_2, id));
        events.add(approves(MEMBER_3, id));
        events.add(new StageApproved(RELEASE_ID, id, List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3));
        return events;
    }
}
