package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    @Test
    void namesAreSplitAtCommasSemicolonsAndSpaces() {
        assertThat(Names.parse(" StageReleased,StageApproved ;  StageHalted\nReleaseScheduled "))
                .containsExactly("StageReleased", "StageApproved", "StageHalted", "ReleaseScheduled");
    }

    @Test
    void eachNameCountsOnceInTheOrderTyped() {
        assertThat(Names.parse("gpt-2, gpt-3, gpt-2")).containsExactly("gpt-2", "gpt-3");
    }

    @Test
    void anEmptyFieldIsAnEmptyList() {
        assertThat(Names.parse(null)).isEmpty();
        assertThat(Names.parse("")).isEmpty();
        assertThat(Names.parse(" , ;")).isEmpty();
    }

    @Test
    void aListIsTypedBackCommaSeparated() {
        assertThat(Names.format(Names.parse("a b"))).isEqualTo("a, b");
    }
}
