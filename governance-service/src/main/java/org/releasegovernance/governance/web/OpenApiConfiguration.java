package org.releasegovernance.governance.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.releasegovernance.governance.release.Rule;
import org.releasegovernance.problems.ProblemType;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenAPI document at {@code /v3/api-docs}: bearer authentication, the roles each operation needs (from its
 * {@code @PreAuthorize}) and the RFC 9457 problem documents every operation can answer with.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI governanceOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem document; 'type' is " + ProblemType.TYPE_BASE + "<rule>")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("rule", new StringSchema()._enum(Arrays.stream(Rule.values()).map(Enum::name).toList()));
        return new OpenAPI()
                .info(new Info().title("Release governance: decision API").version("v1").description(
                        "A release committee's decisions on the staged release of a model. Every POST accepts an "
                                + "Idempotency-Key; every read returns the release version as ETag and every write "
                                + "honours If-Match (412 when stale)."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A bearer token: a configured token locally, a JWT "
                                        + "from the issuer elsewhere; roles CHAIR, MEMBER, EXPERT, AUDITOR"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OperationCustomizer rolesAndProblems() {
        return (operation, handler) -> {
            PreAuthorize roles = handler.getMethodAnnotation(PreAuthorize.class);
            if (roles != null) {
                String needed = roles.value().replaceAll("[^A-Z_, ]", "").trim();
                operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + " ")
                        + "Roles: " + needed + ".");
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            problems().forEach((status, description) -> {
                if (!responses.containsKey(status)) {
                    responses.addApiResponse(status, new ApiResponse().description(description)
                            .content(new Content().addMediaType("application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
                }
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    private static Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Malformed JSON, an unknown field or enum value, a missing or oversized field "
                + "(named in 'detail')");
        problems.put("401", "No or an invalid bearer token");
        problems.put("403", "The caller lacks the role");
        problems.put("404", "No such release, stage or review");
        problems.put("409", "The decision breaks a governance rule: " + rules(Rule.Kind.CONFLICT));
        problems.put("412", "If-Match names a version that is no longer current");
        problems.put("422", "Unprocessable: " + rules(Rule.Kind.UNPROCESSABLE));
        return problems;
    }

    private static String rules(Rule.Kind kind) {
        return Arrays.stream(Rule.values()).filter(rule -> rule.kind() == kind).map(Rule::slug)
                .collect(Collectors.joining(", "));
    }
}
