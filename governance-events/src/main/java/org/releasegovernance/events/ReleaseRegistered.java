package org.releasegovernance.events;

/**
 * A release plan was registered with its governance policy. CloudEvents type
 * {@code org.releasegovernance.ReleaseRegistered.v1}.
 *
 * @param releaseId the release id, e.g. {@code gpt-2}
 * @param model     the model family's display name, e.g. {@code GPT-2}
 * @param policy    the policy in force from now on
 * @param actor     who registered it
 */
public record ReleaseRegistered(String releaseId, String model, Policy policy, String actor)
        implements GovernanceEvent {
}
