package org.releasegovernance.events;

/**
 * An approved stage was released. CloudEvents type {@code org.releasegovernance.StageReleased.v1}.
 *
 * @param releaseId  the release
 * @param stageId    the released stage
 * @param model      the model family's display name, so announcements need no lookup
 * @param parameters the stage's parameter count
 * @param access     who gets the weights
 * @param note       the announcement note
 * @param actor      who released it
 */
public record StageReleased(String releaseId, String stageId, String model, long parameters, Access access,
                            String note, String actor) implements StageEvent {
}
