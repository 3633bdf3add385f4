package org.releasegovernance.console.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedCheckpointTest {

    private static final String NOTE = """
            releasegovernance.org/audit-log
            7
            Lzj/H5ts3rATE638LKPxgI+ZtZZtW6DfSijyt08hNok=

            \u2014 releasegovernance.org/audit-log \
            g2uxaHwoc88KHDehDS98T1tFiebCvZI9J71srmHJjSImYdffSPNsGy7ZTFlGsSHMV9hraKdWTG3Q5PrdHvgdjmv/LgY=
            """;

    @Test
    void readsOriginTreeSizeAndRootAndKeepsTheNoteAsSigned() {
        SignedCheckpoint checkpoint = SignedCheckpoint.parse(NOTE);

        assertThat(checkpoint.origin()).isEqualTo("releasegovernance.org/audit-log");
        assertThat(checkpoint.treeSize()).isEqualTo(7);
        assertThat(checkpoint.root()).isEqualTo("Lzj/H5ts3rATE638LKPxgI+ZtZZtW6DfSijyt08hNok=");
        assertThat(checkpoint.note()).isEqualTo(NOTE);
    }

    @Test
    void aNoteWithoutATreeSizeIsNotACheckpoint() {
        assertThatThrownBy(() -> SignedCheckpoint.parse("origin\nseven\nroot\n\n\u2014 sig\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tree size");
        assertThatThrownBy(() -> SignedCheckpoint.parse("origin\n7\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
