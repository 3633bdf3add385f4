package org.releasegovernance.events;

/**
 * A stage was withdrawn. A released public stage stays published (that cannot be undone); partner grants end with
 * their own {@link PartnerAccessRevoked} events. CloudEvents type {@code org.releasegovernance.StageWithdrawn.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param reason    why
 * @param actor     the chair
 */
public record StageWithdrawn(String releaseId, String stageId, String reason, String actor) implements StageEvent {
}
