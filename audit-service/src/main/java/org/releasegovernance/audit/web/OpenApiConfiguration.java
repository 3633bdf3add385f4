package org.releasegovernance.audit.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.releasegovernance.idempotency.IdempotencyKeyDocumentation;
import org.releasegovernance.problems.OperationFacts;
import org.releasegovernance.problems.ProblemSchema;
import org.releasegovernance.security.RequiredRoles;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), public like the API's
 * shape. What each operation answers is read from the code rather than repeated on every method: its tag from its
 * feature package, the roles from {@code @PreAuthorize}, 400 from its parameters, 404 from an addressed resource,
 * and which operations need no token from {@code governance.security.public-paths}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** One tag per feature package, so a reader of the document finds what a reader of the code finds. */
    private static final Map<String, String> FEATURES = Map.of(
            "checkpoint", "Signed checkpoints (C2SP signed notes over the Merkle tree head) and the key that "
                    + "verifies them",
            "export", "The log as JSON Lines, for offline verification and mirrors",
            "log", "Each release's recorded events, in stream order",
            "proof", "RFC 9162 inclusion and consistency proofs, and a full check of the stored log",
            "security", "Who the presented token belongs to, and its roles",
            "replay", "Rebuilding the log from the topic into fresh tables and comparing the trees",
            "state", "A release's state as of any instant, and gaps or duplicates in its event sequence");

    @Bean
    OpenAPI auditOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Release governance: audit API").version("v1")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("The tamper-evident record of every governance decision: an append-only "
                                + "log with one entry per event, hashed into an RFC 9162 Merkle tree whose heads "
                                + "are signed (Ed25519) as checkpoints. Auditors read a release's history and its "
                                + "state as of any instant, fetch inclusion and consistency proofs, export the "
                                + "log for the offline verifier and replay the topic to rebuild it.\n\n"
                                + "Refusals are RFC 9457 problem documents whose `type` ends in the broken rule. "
                                + "This document, Swagger UI and the checkpoint public key need no token; "
                                + "everything else needs the role AUDITOR."))
                // relative: Swagger UI calls the origin that served it, also behind a proxy or the web console
                .servers(List.of(new Server().url("/").description("This service")))
                .components(IdempotencyKeyDocumentation.withReplayedHeader(new Components())
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A bearer token: a configured token locally, a JWT "
                                        + "from the configured issuer elsewhere; these operations need AUDITOR."))
                        .addSchemas(ProblemSchema.NAME, ProblemSchema.schema("proof-out-of-range")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .tags(FEATURES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(feature -> new Tag().name(feature.getKey()).description(feature.getValue())).toList());
    }

    @Bean
    OperationCustomizer auditDocumentation() {
        return (operation, handler) -> {
            operation.setTags(List.of(OperationFacts.feature(handler)));
            if (operation.getOperationId() == null) {
                operation.setOperationId(handler.getMethod().getName());
            }
            describeRoles(operation, handler);
            ApiResponses responses = operation.getResponses();
            if (OperationFacts.takes(handler, RequestParam.class) || OperationFacts.hasTypedPathVariable(handler)) {
                problem(responses, "400", "A missing or wrongly typed parameter, or one out of range (each named in "
                        + "'errors')");
            }
            problem(responses, "401", "No bearer token, or one that is not valid");
            problem(responses, "403", "The token's roles do not allow this operation");
            if (OperationFacts.takes(handler, PathVariable.class)) {
                problem(responses, "404", "Nothing of that id is recorded");
            }
            if (OperationFacts.isWrite(handler)) {
                IdempotencyKeyDocumentation.documentWrite(operation);
                IdempotencyKeyDocumentation.documentRefusals(responses);
            }
            ProblemSchema.declaredRefusalsAreProblems(responses);
            return operation;
        };
    }

    private static void describeRoles(Operation operation, HandlerMethod handler) {
        List<String> roles = RequiredRoles.of(handler);
        if (!roles.isEmpty()) {
            operation.setDescription(RequiredRoles.sentence(roles));
        }
    }

    private static void problem(ApiResponses responses, String status, String description) {
        ProblemSchema.respond(responses, status, description);
    }

}
