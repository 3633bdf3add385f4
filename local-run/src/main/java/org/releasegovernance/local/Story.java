package org.releasegovernance.local;

import java.util.List;

/**
 * One release's life through the decision API, as the README's walk-through plays it: register with a policy that
 * needs input on misuse risk and stakeholder input, propose a partner stage, the two expert inputs, two approving
 * votes (the second approves the stage), release. Each decision names the event it must leave in the audit log.
 * The fault suite and the failover test play it under load.
 */
public final class Story {

    public static final String STAGE = "774M";
    public static final int RELEASE_STEP = 6;

    /**
     * One decision of the story.
     *
     * @param path       the request path
     * @param token      the demo token of the person deciding
     * @param body       the request body
     * @param eventType  the event the decision stores
     * @param actor      the principal recorded on that event
     * @param factor     the assessed factor for expert input, else {@code null}
     */
    public record Decision(String path, String token, String body, String eventType, String actor, String factor) {

        /** What the decision is, for reports: the event, who, and the factor. */
        public String label() {
            return eventType + " by " + actor + (factor == null ? "" : " on " + factor);
        }

        /** Whether an audited event is the one this decision stored. */
        public boolean storedAs(String type, String eventActor, String eventFactor) {
            return eventType.equals(type) && actor.equals(eventActor)
                    && (factor == null || factor.equals(eventFactor));
        }
    }

    private Story() {
    }

    public static List<Decision> of(String releaseId) {
        String release = "/api/releases/" + releaseId;
        String stage = release + "/stages/" + STAGE;
        return List.of(
                new Decision("/api/releases", "demo-chair", "{\"releaseId\":\"" + releaseId
                        + "\",\"model\":\"GPT-2 under load\",\"policy\":{\"quorum\":2,"
                        + "\"requiredFactors\":[\"MISUSE_RISK\",\"STAKEHOLDER_INPUT\"]}}",
                        "ReleaseRegistered", "chair", null),
                new Decision(release + "/stages", "demo-member-1", "{\"stageId\":\"" + STAGE
                        + "\",\"parameters\":774000000,\"access\":\"PARTNERS\",\"rationale\":"
                        + "\"Partners working on detection get the weights first\"}",
                        "StageProposed", "member-1", null),
                expertInput(stage, "MISUSE_RISK"),
                expertInput(stage, "STAKEHOLDER_INPUT"),
                vote(stage, "member-2"),
                vote(stage, "member-3"),
                new Decision(stage + "/release", "demo-chair",
                        "{\"note\":\"Weights shared with the research partners\"}", "StageReleased", "chair", null));
    }

    private static Decision expertInput(String stage, String factor) {
        return new Decision(stage + "/expert-inputs", "demo-expert", "{\"factor\":\"" + factor
                + "\",\"risk\":\"HIGH\",\"summary\":\"" + factor + " assessed for partner access\"}",
                "ExpertInputLogged", "expert", factor);
    }

    private static Decision vote(String stage, String member) {
        return new Decision(stage + "/votes", "demo-" + member,
                "{\"vote\":\"APPROVE\",\"rationale\":\"Partners can study it safely\"}", "VoteCast", member, null);
    }
}
