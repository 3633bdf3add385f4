package org.releasegovernance.events;

/**
 * The chair amended the policy. It applies to votes still open; a stage already approved or rejected keeps its
 * outcome. CloudEvents type {@code org.releasegovernance.PolicyAmended.v1}.
 *
 * @param releaseId the release
 * @param policy    the policy in force from now on
 * @param reason    why it was amended
 * @param actor     the chair
 */
public record PolicyAmended(String releaseId, Policy policy, String reason, String actor) implements GovernanceEvent {
}
