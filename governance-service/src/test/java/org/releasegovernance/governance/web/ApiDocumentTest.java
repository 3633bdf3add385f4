package org.releasegovernance.governance.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The OpenAPI document client authors and generators read: public, complete, and truthful about what the API
 * answers. Writes it to {@code target/openapi/governance-service.json}, which {@code lint-openapi.sh} lints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class ApiDocumentTest {

    private static final String STAGES = "/api/releases/{releaseId}/stages";
    private static final String VOTES = STAGES + "/{stageId}/votes";

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Test
    void theDocumentAndSwaggerUiNeedNoTokenWhileTheDataStillDoes() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        mvc.perform(get("/api/releases")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/releases").header("Authorization", "Bearer demo-auditor")).andExpect(status().isOk());
    }

    @Test
    void theDocumentDescribesEveryOperationWithItsRolesHeadersAndProblems() throws Exception {
        JsonNode api = document();
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/governance-service.json"), api.toPrettyString());

        assertThat(api.at("/info/title").asText()).isEqualTo("Release governance: decision API");
        assertThat(api.at("/info/license/name").asText()).isNotBlank();
        assertThat(api.at("/info/description").asText()).contains("Idempotency-Key", "If-Match");
        assertThat(api.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(api.at("/security/0/bearer").isArray()).isTrue();

        Set<String> operationIds = new HashSet<>();
        for (JsonNode operation : operations(api)) {
            assertThat(operationIds.add(operation.path("operationId").asText())).isTrue();
            assertThat(operation.path("summary").asText()).isNotBlank();
            assertThat(operation.path("description").asText()).containsPattern("Requires (the role|one of the roles)|^Any authenticated caller")
                    .doesNotContain("AR" + "CHAIR");
            assertThat(operation.path("responses").fieldNames()).toIterable().contains("401", "403");
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4")) {
                    assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                            .isEqualTo("#/components/schemas/Problem");
                }
            });
        }
        assertThat(operationIds).contains("register", "vote", "release", "withdraw");

        JsonNode vote = api.at("/paths/" + pointer(VOTES) + "/post");
        assertThat(vote.at("/description").asText()).contains("Requires one of the roles MEMBER or CHAIR.");
        assertThat(vote.at("/responses").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("202", "400", "401", "403", "404", "409", "412", "413", "415", "422");
        assertThat(vote.at("/responses/202/headers/ETag/$ref").asText()).isEqualTo("#/components/headers/ETag");
        assertThat(headerNames(vote)).contains("Idempotency-Key", "If-Match");
        JsonNode read = api.at("/paths/~1api~1releases~1{releaseId}/get");
        assertThat(read.at("/responses").fieldNames()).toIterable().containsExactlyInAnyOrder("200", "401", "403",
                "404");
        assertThat(headerNames(read)).doesNotContain("Idempotency-Key");
        assertThat(api.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "instance", "rule", "errors", "requiredRoles");
        api.path("tags").forEach(tag -> assertThat(tag.path("description").asText()).isNotBlank());
    }

    @Test
    void eachDocumentedSuccessIsWhatTheApiAnswers() throws Exception {
        JsonNode api = document();
        String releaseId = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        String stages = "/api/releases/" + releaseId + "/stages";

        answers(api, "post", "/api/releases", "demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":1,"
                        + "\"requiredFactors\":[\"MISUSE_RISK\"]}}");
        answers(api, "post", STAGES, "demo-member-1", post(stages),
                "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\",\"rationale\":\"smallest\"}");
        answers(api, "post", STAGES + "/{stageId}/expert-inputs", "demo-expert", post(stages + "/117M/expert-inputs"),
                "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\",\"summary\":\"small model\"}");
        MvcResult voted = answers(api, "post", VOTES, "demo-member-2", post(stages + "/117M/votes"),
                "{\"vote\":\"APPROVE\",\"rationale\":\"low risk\"}");
        assertThat(voted.getResponse().getHeader("ETag")).isNotBlank();
        answers(api, "post", STAGES + "/{stageId}/release", "demo-chair", post(stages + "/117M/release"),
                "{\"note\":\"117M is public\"}");
    }

    /** Sends the request and checks that its status is the one success the document names for the operation. */
    private MvcResult answers(JsonNode api, String method, String path, String token,
                              MockHttpServletRequestBuilder request, String body) throws Exception {
        MvcResult result = mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        List<String> documented = new ArrayList<>();
        api.at("/paths/" + pointer(path) + "/" + method + "/responses").fieldNames().forEachRemaining(status -> {
            if (status.startsWith("2")) {
                documented.add(status);
            }
        });
        assertThat(documented).as("%s %s answered %s", method, path, result.getResponse().getContentAsString())
                .containsExactly(String.valueOf(result.getResponse().getStatus()));
        return result;
    }

    private JsonNode document() throws Exception {
        return json.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    private static List<JsonNode> operations(JsonNode api) {
        List<JsonNode> operations = new ArrayList<>();
        api.path("paths").forEach(item -> item.forEach(operations::add));
        return operations;
    }

    private static List<String> headerNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("header")) {
                names.add(parameter.path("name").asText());
            }
        });
        return names;
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
