package org.releasegovernance.governance.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What every decision takes from its request: the principal, If-Match and the clock; and its one log line. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
@ExtendWith(OutputCaptureExtension.class)
class DecisionContextApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Test
    void eachDecisionIsLoggedOnceWithReleaseStageActorAndCorrelationId(CapturedOutput output) throws Exception {
        String id = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        as("demo-chair", post("/api/releases"), "register-" + id,
                "{\"releaseId\":\"" + id + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2}}")
                .andExpect(status().isCreated());
        as("demo-member-1", post("/api/releases/{id}/stages", id), "propose-" + id,
                "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\",\"rationale\":\"r\"}")
                .andExpect(status().isCreated());
        as("demo-member-2", post("/api/releases/{id}/stages/117M/votes", id), "vote-" + id,
                "{\"vote\":\"APPROVE\",\"rationale\":\"r\"}")
                .andExpect(status().isAccepted());
        as("demo-member-2", post("/api/releases/{id}/stages/117M/votes", id), "again-" + id,
                "{\"vote\":\"APPROVE\",\"rationale\":\"r\"}")
                .andExpect(status().isConflict());

        assertThat(infoLinesOf(output, "register-" + id))
                .singleElement().asString().endsWith("release " + id + " stage - RegisterRelease by chair");
        assertThat(infoLinesOf(output, "propose-" + id))
                .singleElement().asString().endsWith("release " + id + " stage 117M ProposeStage by member-1");
        assertThat(infoLinesOf(output, "vote-" + id))
                .singleElement().asString().endsWith("release " + id + " stage 117M CastVote by member-2");
        // a refused decision is logged as a refusal (by the problem documents), never as a decision
        assertThat(infoLinesOf(output, "again-" + id)).noneMatch(line -> line.contains("CastVote"));
    }

    @Test
    void theOpenApiDocumentStillOffersIfMatchOnEveryDecisionAndNothingElseOfTheContext() throws Exception {
        JsonNode api = json.readTree(mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode vote = api.at("/paths/~1api~1releases~1{releaseId}~1stages~1{stageId}~1votes/post/parameters");
        JsonNode read = api.at("/paths/~1api~1releases~1{releaseId}/get/parameters");

        assertThat(StreamSupport.stream(vote.spliterator(), false).map(p -> p.get("in").asText() + ":"
                + p.get("name").asText())).containsExactlyInAnyOrder("path:releaseId", "path:stageId",
                "header:If-Match", "header:Idempotency-Key");
        assertThat(StreamSupport.stream(read.spliterator(), false).map(p -> p.get("name").asText()))
                .containsExactly("releaseId");
    }

    private static List<String> infoLinesOf(CapturedOutput output, String correlationId) {
        return output.getOut().lines().filter(line -> line.contains(" INFO ") && line.contains("[" + correlationId
                + "]")).toList();
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String correlationId, String body)
            throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token).header("X-Correlation-Id", correlationId)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
