package org.releasegovernance.events;

import java.util.List;

/** Test data for the GPT-2 staged release, the story every test tells. */
public final class Gpt2 {

    public static final String RELEASE_ID = "gpt-2";
    public static final String CHAIR = "chair";
    public static final String MEMBER_1 = "member-1";
    public static final String MEMBER_2 = "member-2";
    public static final String MEMBER_3 = "member-3";

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
}
