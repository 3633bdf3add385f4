package org.releasegovernance.audit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegovernance.audit.AuditServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The OpenAPI document auditors and their tools read: public, complete, and truthful about what the API answers.
 * Writes it to {@code target/openapi/audit-service.json}, which {@code lint-openapi.sh} lints.
 */
@AuditServiceTest
class ApiDocumentTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Test
    void theDocumentAndSwaggerUiNeedNoTokenWhileTheLogStillDoes() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        mvc.perform(get("/api/audit/anomalies")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/audit/anomalies").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk());
    }

    @Test
    void theDocumentDescribesEveryOperationWithItsRoleAndProblems() throws Exception {
        JsonNode api = document();
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/audit-service.json"), api.toPrettyString());

        assertThat(api.at("/info/title").asText()).isEqualTo("Release governance: audit API");
        assertThat(api.at("/info/description").asText()).isNotBlank();
        assertThat(api.at("/info/license/name").asText()).isNotBlank();
        assertThat(api.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(api.at("/security/0/bearer").isArray()).isTrue();
        Set<String> tags = new HashSet<>();
        api.path("tags").forEach(tag -> {
            assertThat(tag.path("description").asText()).isNotBlank();
            tags.add(tag.path("name").asText());
        });

        Set<String> operationIds = new HashSet<>();
        for (JsonNode operation : operations(api, "/api/audit/public-key", "/api/me")) {
            assertThat(operationIds.add(operation.path("operationId").asText())).isTrue();
            assertThat(operation.path("summary").asText()).isNotBlank();
            assertThat(tags).contains(operation.path("tags").path(0).asText());
            assertThat(operation.path("description").asText()).isEqualTo("Requires the role AUDITOR.");
            assertThat(operation.path("responses").fieldNames()).toIterable().contains("401", "403")
                    .anyMatch(status -> status.startsWith("2"));
            assertProblemDocuments(operation);
        }
        assertThat(operationIds).contains("latestCheckpoint", "inclusionProof", "exportLog", "releaseStateAsOf");

        JsonNode publicKey = api.at("/paths/~1api~1audit~1public-key/get");
        assertThat(publicKey.path("security").isArray()).isTrue();
        assertThat(publicKey.path("security")).isEmpty();
        assertThat(publicKey.path("responses").fieldNames()).toIterable().doesNotContain("401", "403");

        assertThat(api.at("/paths/~1api~1audit~1checkpoint/get/responses/404/content/application~1problem+json"))
                .isNotEmpty();
        assertThat(api.at("/paths/~1api~1audit~1proofs~1inclusion/get/responses").fieldNames()).toIterable()
                .contains("400");
        assertThat(api.at("/paths/~1api~1audit~1replays/post/responses").fieldNames()).toIterable()
                .contains("202", "400", "409", "422").doesNotContain("200");
        assertThat(api.at("/paths/~1api~1audit~1replays/post/parameters").findValuesAsText("name"))
                .contains("Idempotency-Key");
        assertThat(api.at("/paths/~1api~1audit~1replays~1{id}/get/parameters").findValuesAsText("name"))
                .doesNotContain("Idempotency-Key");
        assertThat(api.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "instance");
    }

    @Test
    void theExportIsDocumentedAsTheJsonLinesItIs() throws Exception {
        JsonNode documented = document().at("/paths/~1api~1audit~1export/get/responses/200/content");
        String answered = mvc.perform(get("/api/audit/export").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentType();
        assertThat(documented.fieldNames()).toIterable().containsExactly(answered);
    }

    private JsonNode document() throws Exception {
        return json.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    private static List<JsonNode> operations(JsonNode api, String... exceptPaths) {
        List<JsonNode> operations = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> {
            if (!List.of(exceptPaths).contains(path.getKey())) {
                path.getValue().forEach(operations::add);
            }
        });
        return operations;
    }

    private static void assertProblemDocuments(JsonNode operation) {
        operation.path("responses").fields().forEachRemaining(response -> {
            if (response.getKey().startsWith("4")) {
                assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                        .isEqualTo("#/components/schemas/Problem");
            }
        });
    }
}
