package org.releasegovernance.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypesTest {

    @Test
    void everyRecordOfTheSealedHierarchyIsAnEventType() {
        assertThat(EventTypes.all())
                .contains(ReleaseRegistered.class, PolicyAmended.class, StageProposed.class, VoteCast.class,
                        StageWithdrawn.class, ReviewPublished.class)
                .allSatisfy(type -> assertThat(type.isRecord()).as("%s is a record", type).isTrue())
                .doesNotContain(StageEvent.class)
                .doesNotHaveDuplicates();
    }

    @Test
    void everyEventTypeIsFoundByItsNameAndItsCloudEventsType() {
        assertThat(EventTypes.all()).allSatisfy(type -> {
            assertThat(EventTypes.forName(type.getSimpleName())).contains(type);
            assertThat(EventTypes.forCloudEventType("org.releasegovernance." + type.getSimpleName() + ".v1"))
                    .contains(type);
        });
        assertThat(EventTypes.forName("StageEvent")).isEmpty();
        assertThat(EventTypes.forCloudEventType("org.releasegovernance.StageReleased.v2")).isEmpty();
    }
}
