package org.releasegovernance.bench;

/**
 * One release's life through the decision API, as the committee lives it: register, propose a stage, two approving
 * votes (the second reaches the quorum), release. Five decisions, six events (the second vote also approves).
 */
final class ReleaseStory {

    static final int DECISIONS = 5;
    /** Events each decision stores: the second vote stores VoteCast and StageApproved. */
    static final int[] EVENTS_PER_DECISION = {1, 1, 1, 2, 1};
    static final int EVENTS = 6;
    static final int RELEASE_DECISION = 4;

    record Decision(String path, String token, String body, int expectedStatus) {
    }

    private ReleaseStory() {
    }

    static Decision decision(String releaseId, int step) {
        String stage = "/api/releases/" + releaseId + "/stages/774M";
        switch (step) {
            case 0:
                return new Decision("/api/releases", "demo-chair",
                        "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2 benchmark\",\"policy\":{\"quorum\":2}}",
                        201);
            case 1:
                return new Decision("/api/releases/" + releaseId + "/stages", "demo-member-1",
                        "{\"stageId\":\"774M\",\"parameters\":774000000,\"access\":\"PARTNERS\",\"rationale\":"
                                + "\"Partners working on detection and misuse analysis get the weights first; "
                                + "public release after six months of study\"}", 201);
            case 2:
                return new Decision(stage + "/votes", "demo-member-2",
                        "{\"vote\":\"APPROVE\",\"rationale\":\"Detection research needs the weights; the partner "
                                + "agreements cover misuse reporting\"}", 202);
            case 3:
                return new Decision(stage + "/votes", "demo-member-3",
                        "{\"vote\":\"APPROVE\",\"rationale\":\"Staged access lets us measure misuse before a "
                                + "public release\"}", 202);
            case 4:
                return new Decision(stage + "/release", "demo-chair",
                        "{\"note\":\"Weights shared with the research partners under the release agreement\"}", 202);
            default:
                throw new IllegalArgumentException("no decision " + step);
        }
    }
}
