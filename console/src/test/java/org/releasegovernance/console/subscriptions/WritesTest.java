package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritesTest {

    @Test
    void aWriteCarriesTheFormsKeyAndTheVersionSeenAsAStrongEtag() {
        assertThat(Writes.headers("k-1", 7)).isEqualTo(Map.of("Idempotency-Key", "k-1", "If-Match", "\"7\""));
        assertThat(Writes.headers("k-1")).isEqualTo(Map.of("Idempotency-Key", "k-1"));
        assertThat(Writes.headers(" ")).isEmpty();
    }

    @Test
    void aRefusedWriteAnswersWithTheProblemsStatus() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        Problem problem = Writes.refused(new ApiRefusal(problem(412)), response);

        assertThat(problem.rule()).isEqualTo("version-mismatch");
        assertThat(response.getStatus()).isEqualTo(412);
    }

    @Test
    void aStatusThatIsNoErrorBecomesBadGateway() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        Writes.refused(new ApiRefusal(problem(302)), response);

        assertThat(response.getStatus()).isEqualTo(502);
    }

    @Test
    void anExpiredTokenIsTheSessionsProblemNotTheForms() {
        ApiRefusal expired = new ApiRefusal(problem(401));

        assertThatThrownBy(() -> Writes.refused(expired, new MockHttpServletResponse())).isSameAs(expired);
    }

    private static Problem problem(int status) {
        return new Problem("https://releasegovernance.org/problems/version-mismatch", "version-mismatch", status,
                "detail", List.of(), List.of());
    }
}
