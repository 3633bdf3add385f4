package org.releasegovernance.notifier.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The OpenAPI document subscribers' administrators and their tools read: public, complete, and truthful about what
 * the API answers. Writes it to {@code target/openapi/notifier-service.json}, which {@code lint-openapi.sh} lints.
 */
class ApiDocumentTest extends NotifierServiceTest {

    private static final String FEED = "/feed.atom";

    @Test
    void theDocumentSwaggerUiAndTheFeedNeedNoTokenWhileSubscriptionsStillDo() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        mvc.perform(get(FEED)).andExpect(status().isOk());
        mvc.perform(get("/api/subscriptions")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/deliveries")).andExpect(status().isUnauthorized());
    }

    @Test
    void theDocumentDescribesEveryOperationWithItsRoleAndProblems() throws Exception {
        JsonNode api = document();
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/notifier-service.json"), api.toPrettyString());

        assertThat(api.at("/info/title").asText()).isEqualTo("Release governance: notification API");
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
        api.path("paths").fields().forEachRemaining(path -> path.getValue().forEach(operation -> {
            assertThat(operationIds.add(operation.path("operationId").asText())).isTrue();
            assertThat(operation.path("summary").asText()).isNotBlank();
            assertThat(tags).contains(operation.path("tags").path(0).asText());
            if (!path.getKey().equals(FEED) && !path.getKey().equals("/api/me")) {
                assertThat(operation.path("description").asText()).isEqualTo("Requires the role SUBSCRIBER_ADMIN.");
                assertThat(operation.path("responses").fieldNames()).toIterable().contains("401", "403");
            }
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4")) {
                    assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                            .isEqualTo("#/components/schemas/Problem");
                }
            });
        }));
        assertThat(operationIds).contains("createSubscription", "listSubscriptions", "listDeliveries", "atomFeed");

        JsonNode feed = api.at("/paths/~1feed.atom/get");
        assertThat(feed.path("security")).isEmpty();
        assertThat(feed.path("security").isArray()).isTrue();
        assertThat(feed.path("responses").fieldNames()).toIterable().containsExactlyInAnyOrder("200", "304");
        assertThat(feed.at("/responses/200/content").fieldNames()).toIterable()
                .containsExactly("application/atom+xml");

        JsonNode create = api.at("/paths/~1api~1subscriptions/post");
        assertThat(create.path("responses").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("201", "400", "401", "403", "409", "415", "422");
        assertThat(create.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        assertThat(create.at("/responses/201/headers/Idempotent-Replayed/$ref").asText())
                .isEqualTo("#/components/headers/Idempotent-Replayed");
        assertThat(api.at("/paths/~1api~1subscriptions/get/parameters").findValuesAsText("name"))
                .doesNotContain("Idempotency-Key");
        JsonNode retry = api.at("/paths/~1api~1deliveries~1{id}~1retry/post");
        assertThat(retry.path("responses").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "422");
        assertThat(retry.at("/responses/409/description").asText())
                .contains("only-dead-letters-are-retried", "idempotency-key-in-progress");
        assertThat(api.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "instance", "errors", "requiredRoles");
    }

    @Test
    void aSubscriptionsWritesTakeIfMatchAndItsAnswersCarryItsVersionAsETag() throws Exception {
        JsonNode api = document();
        String one = "/paths/~1api~1subscriptions~1{id}";
        for (String write : List.of(one + "/patch", one + "/delete", one + "~1secret/post")) {
            JsonNode operation = api.at(write);
            assertThat(headerNames(operation)).as(write).contains("If-Match");
            assertThat(operation.path("responses").fieldNames()).toIterable().as(write).contains("412");
        }
        for (String answer : List.of("/paths/~1api~1subscriptions/post/responses/201", one + "/get/responses/200",
                one + "/patch/responses/200", one + "~1secret/post/responses/200")) {
            assertThat(api.at(answer + "/headers/ETag/$ref").asText()).as(answer)
                    .isEqualTo("#/components/headers/ETag");
        }
        assertThat(api.at("/components/headers/ETag/description").asText()).contains("If-Match");
        assertThat(headerNames(api.at("/paths/~1api~1subscriptions/post"))).doesNotContain("If-Match");
    }

    @Test
    void eachDocumentedSuccessIsWhatTheApiAnswers() throws Exception {
        JsonNode api = document();
        String id = subscribe("/hooks/api-document", "gpt-2-" + UUID.randomUUID()).path("id").asText();
        assertThat(successes(api, "/api/subscriptions", "post")).containsExactly("201");

        MvcResult deleted = mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andReturn();
        assertThat(successes(api, "/api/subscriptions/{id}", "delete"))
                .containsExactly(String.valueOf(deleted.getResponse().getStatus()));
    }

    private JsonNode document() throws Exception {
        return JSON.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
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

    private static List<String> successes(JsonNode api, String path, String method) {
        List<String> statuses = new ArrayList<>();
        api.path("paths").path(path).path(method).path("responses").fieldNames().forEachRemaining(status -> {
            if (status.startsWith("2")) {
                statuses.add(status);
            }
        });
        return statuses;
    }
}
