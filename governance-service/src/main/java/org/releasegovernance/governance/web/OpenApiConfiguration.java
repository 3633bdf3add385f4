package org.releasegovernance.governance.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.releasegovernance.governance.release.Rule;
import org.releasegovernance.idempotency.IdempotencyKeyDocumentation;
import org.releasegovernance.problems.BodySizeLimit;
import org.releasegovernance.problems.OperationFacts;
import org.releasegovernance.problems.ProblemSchema;
import org.releasegovernance.security.RequiredRoles;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), public like the API's
 * shape. What each operation answers is read from the code rather than repeated on every controller method: the
 * roles from {@code @PreAuthorize}, the success status from {@code @ResponseStatus}, {@code If-Match} from the
 * handler's parameters, the problem documents from what the operation takes (a body, a release in its path, a
 * write), because the same filter, aggregate and advice answer for every operation alike.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final Map<String, String> SUCCESS = Map.of(
            "200", "OK",
            "201", "Created: the decision is recorded; Location names what it created",
            "202", "Accepted: the decision is recorded; the stage as it is now, which the decision may have "
                    + "moved on (an approval the vote completed, a release it scheduled)");

    @Bean
    OpenAPI governanceOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Release governance: decision API").version("v1")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("A release committee's decisions on the staged release of a model: register a "
                                + "release and its policy, propose stages, log expert input, vote, release, share "
                                + "with partners, halt on misuse, withdraw. Each decision is stored as an event "
                                + "and published to the audit log and the subscribers.\n\n"
                                + "Every POST and DELETE accepts an `Idempotency-Key`: a repeat returns the first "
                                + "answer and stores nothing new. Every answer carries the release's version as "
                                + "`ETag`; every write honours `If-Match` (412 when stale). Refusals are RFC 9457 "
                                + "problem documents whose `type` ends in the broken rule.\n\n"
                                + "This document and Swagger UI need no token; every operation does."))
                // relative: Swagger UI calls the origin that served it, also behind a proxy or the web console
                .servers(List.of(new Server().url("/").description("This service")))
                .components(IdempotencyKeyDocumentation.withReplayedHeader(new Components())
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A bearer token: a configured token locally, a JWT "
                                        + "from the configured issuer elsewhere. Roles: CHAIR, MEMBER, EXPERT, "
                                        + "AUDITOR."))
                        .addSchemas(ProblemSchema.NAME, problemSchema())
                        .addHeaders("ETag", new Header().description("The release's version after the request, "
                                + "e.g. \"7\"; send it back as If-Match").schema(new StringSchema()))
                        .addHeaders("Location", new Header().description("Where the created resource is read")
                                .schema(new StringSchema().format("uri"))))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    private static Schema<?> problemSchema() {
        return ProblemSchema.schema(Rule.SELF_VOTE_NOT_ALLOWED.slug())
                .addProperty("rule", new StringSchema().description("The governance rule broken, where one was")
                        ._enum(Arrays.stream(Rule.values()).map(Enum::name).toList()));
    }

    @Bean
    OperationCustomizer decisionDocumentation() {
        return (operation, handler) -> {
            operation.setOperationId(handler.getMethod().getName());
            describeRoles(operation, handler);
            describeSuccess(operation, handler);
            if (OperationFacts.isWrite(handler)) {
                IdempotencyKeyDocumentation.documentWrite(operation);
            }
            describeIfMatch(operation);
            addProblems(operation, handler);
            return operation;
        };
    }

    private static void describeRoles(Operation operation, HandlerMethod handler) {
        String needed = RequiredRoles.sentence(RequiredRoles.of(handler));
        operation.setDescription(operation.getDescription() == null ? needed
                : operation.getDescription() + "\n\n" + needed);
    }

    private static void describeSuccess(Operation operation, HandlerMethod handler) {
        operation.getResponses().forEach((status, response) -> {
            if (!status.startsWith("2")) {
                return;
            }
            response.setDescription(SUCCESS.getOrDefault(status, response.getDescription()));
            if (ResponseEntity.class.isAssignableFrom(handler.getMethod().getReturnType())) {
                response.addHeaderObject("ETag", new Header().$ref("#/components/headers/ETag"));
            }
            if (status.equals("201")) {
                response.addHeaderObject("Location", new Header().$ref("#/components/headers/Location"));
            }
        });
    }

    private static void describeIfMatch(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        operation.getParameters().stream()
                .filter(parameter -> HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName()))
                .forEach(parameter -> parameter.description("The release version this decision was taken on, as "
                        + "an ETag such as \"7\"; if the release has moved on, 412 version-mismatch and nothing is "
                        + "stored. Absent or *: no check."));
    }

    private static void addProblems(Operation operation, HandlerMethod handler) {
        boolean write = OperationFacts.isWrite(handler);
        boolean body = OperationFacts.takes(handler, RequestBody.class);
        boolean addressed = OperationFacts.takes(handler, PathVariable.class);
        boolean ifMatch = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName()));
        ApiResponses responses = operation.getResponses();
        if (write || body || OperationFacts.takes(handler, RequestParam.class)) {
            problem(responses, "400", "Invalid request: malformed JSON, an unknown field or enum value, a missing, "
                    + "oversized or wrongly typed field or parameter (each named in 'errors') or an invalid "
                    + "Idempotency-Key");
        }
        problem(responses, "401", "No bearer token, or one that is not valid");
        problem(responses, "403", "The token's roles do not allow this operation ('requiredRoles' names those "
                + "that do)");
        if (addressed) {
            problem(responses, "404", "No such release, stage, grant or review (release-not-found, "
                    + "stage-not-found, grant-not-found, review-not-found)");
        }
        if (write) {
            problem(responses, "409", "The decision breaks a governance rule and nothing was stored: "
                    + rules(Rule.Kind.CONFLICT));
        }
        if (ifMatch) {
            problem(responses, "412", "If-Match names a version that is no longer current (version-mismatch)");
        }
        if (body) {
            problem(responses, "413", "The body is over " + BodySizeLimit.MAX_BODY_BYTES + " bytes");
            problem(responses, "415", "The body is not application/json");
        }
        if (write) {
            problem(responses, "422", "The request is well formed but cannot be taken: "
                    + rules(Rule.Kind.UNPROCESSABLE));
        }
    }

    private static void problem(ApiResponses responses, String status, String description) {
        ProblemSchema.respond(responses, status, description);
    }

    private static String rules(Rule.Kind kind) {
        return Arrays.stream(Rule.values()).filter(rule -> rule.kind() == kind).map(Rule::slug)
                .collect(Collectors.joining(", "));
    }
}
